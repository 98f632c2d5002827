import { decideRevert, type RevertContext } from './decide-revert';
import type { StockEvent, StockEventType } from './stock.types';

function event(type: StockEventType, quantity: number, difference: number | null = null): StockEvent {
  return {
    sku: 'mug',
    version: 4,
    type,
    quantity,
    reservationId: type.startsWith('Stock') && type !== 'StockReserved' ? null : 'r-1',
    reason: null,
    difference,
    revertsVersion: type === 'EventReverted' ? 2 : null,
    occurredAt: new Date(0),
  };
}

function context(target: StockEvent | undefined, overrides: Partial<RevertContext> = {}): RevertContext {
  return { sku: 'mug', version: 4, available: 10, target, revertedBy: undefined, ...overrides };
}

function refusal(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('decideRevert', () => {
  it('undoes each kind of adjustment by its effect on available', () => {
    expect(decideRevert(context(event('StockAdded', 6)), 'wrong pallet')).toEqual({
      type: 'EventReverted',
      quantity: 6,
      difference: -6,
      revertsVersion: 4,
      reservationId: null,
      reason: 'wrong pallet',
    });
    expect(decideRevert(context(event('StockRemoved', 2)), 'found them')).toMatchObject({
      quantity: 2,
      difference: 2,
    });
    expect(decideRevert(context(event('StockCounted', 7, -3)), 'miscount')).toMatchObject({
      quantity: 3,
      difference: 3,
    });
    expect(decideRevert(context(event('StockCounted', 10, 0)), 'miscount')).toMatchObject({
      quantity: 0,
      difference: 0,
    });
  });

  it('answers 404 STOCK_EVENT_NOT_FOUND for a version the stream does not have', () => {
    expect(refusal(() => decideRevert(context(undefined), 'x'))).toMatchObject({
      code: 'STOCK_EVENT_NOT_FOUND',
      kind: 'not_found',
      details: { sku: 'mug', version: 4 },
    });
  });

  it('refuses reservation events and reverts with NOT_REVERTIBLE naming why', () => {
    for (const type of ['StockReserved', 'StockReleased', 'ReservationRejected'] as const) {
      expect(refusal(() => decideRevert(context(event(type, 1)), 'x'))).toMatchObject({
        code: 'NOT_REVERTIBLE',
        kind: 'failed_precondition',
        details: { type, why: expect.stringContaining('ReleaseStock') as unknown },
      });
    }
    expect(refusal(() => decideRevert(context(event('EventReverted', 1, 1)), 'x'))).toMatchObject({
      code: 'NOT_REVERTIBLE',
      details: { why: expect.stringContaining('a revert is not reverted') as unknown },
    });
  });

  it('refuses a second revert with ALREADY_REVERTED naming the first', () => {
    expect(
      refusal(() => decideRevert(context(event('StockAdded', 1), { revertedBy: 9 }), 'x')),
    ).toMatchObject({ code: 'ALREADY_REVERTED', details: { version: 4, revertedBy: 9 } });
  });

  it('refuses a revert that would take available below zero', () => {
    expect(refusal(() => decideRevert(context(event('StockAdded', 6), { available: 5 }), 'x'))).toMatchObject(
      { code: 'INSUFFICIENT_STOCK', details: { available: 5, change: -6 } },
    );
    expect(decideRevert(context(event('StockAdded', 5), { available: 5 }), 'x')).toMatchObject({
      difference: -5,
    });
  });
});
