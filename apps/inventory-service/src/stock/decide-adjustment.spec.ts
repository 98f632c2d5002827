import { AppError } from '@commlab/errors';

import { decideAdjustment } from './decide-adjustment';

describe('decideAdjustment', () => {
  it('turns goods received into StockAdded with the reason', () => {
    expect(decideAdjustment('mug', 3, { kind: 'received', quantity: 5, reason: 'pallet 7' })).toEqual({
      type: 'StockAdded',
      quantity: 5,
      reservationId: null,
      reason: 'pallet 7',
    });
  });

  it('removes damaged units up to what is available, and refuses more with INSUFFICIENT_STOCK', () => {
    expect(decideAdjustment('mug', 3, { kind: 'damaged', quantity: 3, reason: 'dropped' })).toMatchObject({
      type: 'StockRemoved',
      quantity: 3,
    });
    let refusal: unknown;
    try {
      decideAdjustment('mug', 3, { kind: 'damaged', quantity: 4, reason: 'dropped' });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      kind: 'failed_precondition',
      details: { sku: 'mug', available: 3, change: -4 },
    });
  });

  it('records a count with its difference to the stream, also when it matches', () => {
    expect(decideAdjustment('mug', 10, { kind: 'counted', counted: 7, reason: 'shelf' })).toEqual({
      type: 'StockCounted',
      quantity: 7,
      difference: -3,
      reservationId: null,
      reason: 'shelf',
    });
    expect(decideAdjustment('mug', 10, { kind: 'counted', counted: 12, reason: 'shelf' })).toMatchObject({
      quantity: 12,
      difference: 2,
    });
    expect(decideAdjustment('mug', 10, { kind: 'counted', counted: 10, reason: 'shelf' })).toMatchObject({
      type: 'StockCounted',
      quantity: 10,
      difference: 0,
    });
  });
});
