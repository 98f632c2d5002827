import { confirmedWithoutReservation, decideReservationRepair } from './decide-reconciliation';

const now = new Date('2026-12-06T10:00:00.000Z');
const GRACE_MS = 60_000;
const old = { reservationId: 'o-1', orderId: 'o-1', createdAt: '2026-12-06T09:50:00.000Z' };
const young = { ...old, createdAt: '2026-12-06T09:59:30.000Z' };

describe('decideReservationRepair', () => {
  it.each(['PENDING', 'CONFIRMED'] as const)('keeps the reservation of a %s order', (status) => {
    expect(decideReservationRepair(old, status, now, GRACE_MS)).toEqual({ kind: 'keep' });
  });

  it.each(['REJECTED', 'CANCELLED', 'EXPIRED'] as const)(
    'releases the reservation still held for a %s order',
    (status) => {
      expect(decideReservationRepair(old, status, now, GRACE_MS)).toEqual({
        kind: 'release',
        orderStatus: status,
      });
    },
  );

  it('releases the reservation of an order that does not exist', () => {
    expect(decideReservationRepair(old, undefined, now, GRACE_MS)).toEqual({
      kind: 'release',
      orderStatus: 'UNKNOWN',
    });
  });

  it('leaves a young reservation alone: its sync order may not be stored yet, its release be on its way', () => {
    expect(decideReservationRepair(young, undefined, now, GRACE_MS)).toEqual({ kind: 'too-young' });
    expect(decideReservationRepair(young, 'EXPIRED', now, GRACE_MS)).toEqual({ kind: 'too-young' });
  });

  it('counts a reservation exactly the grace old as old enough', () => {
    const atGrace = { ...old, createdAt: '2026-12-06T09:59:00.000Z' };
    expect(decideReservationRepair(atGrace, 'CANCELLED', now, GRACE_MS).kind).toBe('release');
  });
});

describe('confirmedWithoutReservation', () => {
  it('reports the CONFIRMED orders no active reservation belongs to', () => {
    expect(confirmedWithoutReservation(['a', 'b', 'c'], new Set(['a', 'c', 'x']))).toEqual(['b']);
  });

  it('reports nothing when every CONFIRMED order holds its stock', () => {
    expect(confirmedWithoutReservation(['a'], new Set(['a']))).toEqual([]);
  });
});
