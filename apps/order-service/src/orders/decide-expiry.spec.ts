import { deadlineOf, decideExpiry } from './decide-expiry';

const now = new Date('2026-12-06T10:00:00.000Z');

describe('decideExpiry', () => {
  it('expires a PENDING order past its deadline, and one exactly at it', () => {
    expect(decideExpiry({ status: 'PENDING', expiresAt: '2026-12-06T09:59:59.999Z' }, now)).toEqual({
      kind: 'expire',
    });
    expect(decideExpiry({ status: 'PENDING', expiresAt: now.toISOString() }, now)).toEqual({
      kind: 'expire',
    });
  });

  it('waits for a PENDING order before its deadline, saying how long', () => {
    expect(decideExpiry({ status: 'PENDING', expiresAt: '2026-12-06T10:00:01.500Z' }, now)).toEqual({
      kind: 'wait',
      dueInMs: 1_500,
    });
  });

  it.each(['CONFIRMED', 'REJECTED', 'CANCELLED', 'EXPIRED'] as const)(
    'leaves a %s order alone, even past its deadline (the first final state wins)',
    (status) => {
      expect(decideExpiry({ status, expiresAt: '2026-12-06T09:00:00.000Z' }, now)).toEqual({
        kind: 'leave',
        why: 'final',
      });
    },
  );

  it('leaves an order without a deadline alone (a sync order, or one placed before deadlines existed)', () => {
    expect(decideExpiry({ status: 'PENDING', expiresAt: null }, now)).toEqual({
      kind: 'leave',
      why: 'no-deadline',
    });
  });

  it('sets the deadline the timeout after acceptance', () => {
    expect(deadlineOf(now, 900_000)).toBe('2026-12-06T10:15:00.000Z');
  });
});
