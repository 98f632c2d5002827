import type { Order } from './order';

/** A reservation inventory says holds stock (GET /reservations?status=active). */
export interface ActiveReservation {
  reservationId: string;
  orderId: string;
  /** When inventory reserved it (ISO 8601). */
  createdAt: string;
}

/** What the reconciliation does about one active reservation. */
export type ReservationRepair =
  /** Its order is PENDING (the answer is on its way) or CONFIRMED (it holds its stock): nothing. */
  | { kind: 'keep' }
  /** Younger than the grace: its order may not be stored yet (sync), or its release be on its way. */
  | { kind: 'too-young' }
  /** Its order is final without stock (REJECTED, CANCELLED, EXPIRED) or does not exist: release it. */
  | { kind: 'release'; orderStatus: Exclude<Order['status'], 'PENDING' | 'CONFIRMED'> | 'UNKNOWN' };

/**
 * The repair of one active reservation, given its order's status here (undefined: no such order); pure.
 * `graceMs`: a reservation younger than this at `now` is left alone whatever its order says.
 */
export function decideReservationRepair(
  reservation: ActiveReservation,
  orderStatus: Order['status'] | undefined,
  now: Date,
  graceMs: number,
): ReservationRepair {
  if (orderStatus === 'PENDING' || orderStatus === 'CONFIRMED') return { kind: 'keep' };
  if (now.getTime() - Date.parse(reservation.createdAt) < graceMs) return { kind: 'too-young' };
  return { kind: 'release', orderStatus: orderStatus ?? 'UNKNOWN' };
}

/**
 * The CONFIRMED orders among `confirmedOrderIds` that hold no active reservation: reported, never
 * "repaired" (stock cannot be invented; someone must look). `confirmedOrderIds` must be orders confirmed
 * before the reservations were listed, or one confirmed meanwhile would be reported wrongly; pure.
 */
export function confirmedWithoutReservation(
  confirmedOrderIds: readonly string[],
  reservedOrderIds: ReadonlySet<string>,
): string[] {
  return confirmedOrderIds.filter((orderId) => !reservedOrderIds.has(orderId));
}
