import { decideInventoryAnswer } from './decide-inventory-answer';

describe('decideInventoryAnswer', () => {
  it('completes a PENDING order with either answer', () => {
    expect(decideInventoryAnswer('PENDING', 'reserved')).toEqual({ kind: 'complete' });
    expect(decideInventoryAnswer('PENDING', 'rejected')).toEqual({ kind: 'complete' });
  });

  it('releases the stock reserved for an EXPIRED order instead of confirming it', () => {
    expect(decideInventoryAnswer('EXPIRED', 'reserved')).toEqual({ kind: 'release' });
  });

  it('ignores a refusal for an EXPIRED order: nothing is held', () => {
    expect(decideInventoryAnswer('EXPIRED', 'rejected')).toEqual({ kind: 'ignore' });
  });

  it.each(['CONFIRMED', 'REJECTED', 'CANCELLED'] as const)('ignores any answer for a %s order', (status) => {
    expect(decideInventoryAnswer(status, 'reserved')).toEqual({ kind: 'ignore' });
    expect(decideInventoryAnswer(status, 'rejected')).toEqual({ kind: 'ignore' });
  });

  it('ignores an answer about an order it does not know', () => {
    expect(decideInventoryAnswer(undefined, 'reserved')).toEqual({ kind: 'ignore' });
  });
});
