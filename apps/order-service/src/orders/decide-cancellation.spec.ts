import { decideCancellation, isFinal } from './decide-cancellation';

describe('decideCancellation', () => {
  it.each(['PENDING', 'CONFIRMED'] as const)(
    'cancels a %s order, remembering where it came from',
    (status) => {
      expect(decideCancellation(status)).toEqual({ kind: 'cancel', previousStatus: status });
    },
  );

  it('answers a CANCELLED order again without cancelling it twice', () => {
    expect(decideCancellation('CANCELLED')).toEqual({ kind: 'already-cancelled' });
  });

  it('refuses a REJECTED order', () => {
    expect(decideCancellation('REJECTED')).toEqual({ kind: 'not-cancellable', status: 'REJECTED' });
  });

  it('refuses an EXPIRED order: it is final and holds no stock', () => {
    expect(decideCancellation('EXPIRED')).toEqual({ kind: 'not-cancellable', status: 'EXPIRED' });
  });
});

describe('isFinal', () => {
  it('lets only a PENDING order complete', () => {
    expect(isFinal('PENDING')).toBe(false);
    expect(
      ['CONFIRMED', 'REJECTED', 'CANCELLED', 'EXPIRED'].every((status) => isFinal(status as 'CONFIRMED')),
    ).toBe(true);
  });
});
