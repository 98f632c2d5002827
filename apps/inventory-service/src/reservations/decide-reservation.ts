import type { NewStockEvent, VersionedStockLevel } from '../stock/stock.repository';
import { reservationConflict } from '../stock/inventory-errors';
import { bySku, priceLines, sameItems } from './reservation-items';
import type { StoredReservation } from './reservation.repository';
import type { Reservation, ReservationItem, ReserveStockCommand } from './reservation.types';

/** One event to append to the stream of the SKU `level` was read from, expecting `level.version`. */
export interface StreamAppend {
  level: VersionedStockLevel;
  event: NewStockEvent;
}

/** What a ReserveStock command decides on the state it read; the caller performs it (I/O), nothing else. */
export type ReservationDecision =
  /** Every item is available: reserve them all at these prices (a StockReserved per SKU). */
  | { kind: 'reserve'; reservation: Reservation; appends: StreamAppend[] }
  /** Some items are short: reserve nothing; the refusal is recorded in the short SKUs' streams. */
  | { kind: 'short'; skus: string[]; appends: StreamAppend[] }
  /** Some SKUs are not in the catalog. */
  | { kind: 'unknown'; skus: string[] }
  /** The SKUs are priced in more than one currency: one reservation cannot hold them. */
  | { kind: 'mixed-currencies'; currencies: string[] };

/**
 * ReserveStock's decision, all or nothing, on the streams as read: `items` are merged (one line per SKU),
 * `levels` holds the SKUs that exist. Pure: the same input always decides the same, and appends come in
 * SKU order (the order every writer appends in).
 */
export function decideReservation(
  command: Pick<ReserveStockCommand, 'reservationId' | 'orderId'>,
  items: readonly ReservationItem[],
  levels: ReadonlyMap<string, VersionedStockLevel>,
): ReservationDecision {
  const unknown = items.filter((item) => !levels.has(item.sku)).map((item) => item.sku);
  if (unknown.length > 0) return { kind: 'unknown', skus: unknown };
  const levelOf = (sku: string): VersionedStockLevel => {
    const level = levels.get(sku);
    if (level === undefined) throw new Error(`no stream read for ${sku}`); // excluded just above
    return level;
  };

  const currencies = [...new Set(items.map((item) => levelOf(item.sku).currency))];
  const [currency] = currencies;
  if (currency === undefined || currencies.length > 1) return { kind: 'mixed-currencies', currencies };

  const { reservationId } = command;
  const short = items.filter((item) => levelOf(item.sku).available < item.quantity);
  if (short.length > 0) {
    return {
      kind: 'short',
      skus: short.map((item) => item.sku),
      appends: bySku(short).map(({ sku, quantity }) => ({
        level: levelOf(sku),
        event: { type: 'ReservationRejected', quantity, reservationId },
      })),
    };
  }

  const { lines, totalCents } = priceLines(items, (sku) => levelOf(sku).unitPriceCents);
  return {
    kind: 'reserve',
    reservation: { reservationId, orderId: command.orderId, lines, totalCents, currency },
    appends: bySku(items).map(({ sku, quantity }) => ({
      level: levelOf(sku),
      event: { type: 'StockReserved', quantity, reservationId },
    })),
  };
}

/**
 * A repeated ReserveStock for a known reservation id: the original reservation when it asks for the same
 * thing; 409 / ALREADY_EXISTS RESERVATION_CONFLICT when it was released or asks for something else.
 */
export function repeatedReservation(
  existing: StoredReservation,
  command: Pick<ReserveStockCommand, 'orderId'>,
  items: readonly ReservationItem[],
): Reservation {
  if (existing.status === 'released')
    throw reservationConflict(existing.reservationId, 'was already released');
  if (existing.status === 'cancelled')
    throw reservationConflict(existing.reservationId, 'belongs to a cancelled order');
  if (existing.orderId !== command.orderId || !sameItems(existing.lines, items)) {
    throw reservationConflict(
      existing.reservationId,
      'was already used for different items or another order',
    );
  }
  const { status: _status, ...reservation } = existing;
  return reservation;
}

/** ReleaseStock's decision: every reserved unit back, a StockReleased per SKU, in SKU order. */
export function decideRelease(
  reservation: StoredReservation,
  levels: ReadonlyMap<string, VersionedStockLevel>,
): StreamAppend[] {
  return bySku(reservation.lines).map(({ sku, quantity }) => {
    const level = levels.get(sku);
    if (level === undefined)
      throw new Error(`reservation ${reservation.reservationId} holds unknown SKU ${sku}`);
    return { level, event: { type: 'StockReleased', quantity, reservationId: reservation.reservationId } };
  });
}

/** What an order's cancellation does to its reservation (what is stored under its id, if anything). */
export type CancellationEffect =
  /** It holds stock: release it (StockReleased per SKU). */
  | { kind: 'release'; reservation: StoredReservation }
  /** Nothing reserved yet: record the cancellation, so a ReserveStock that comes later is refused. */
  | { kind: 'record-cancellation' }
  /** Already released or cancelled: nothing to do. */
  | { kind: 'nothing' };

/**
 * The effect of cancelling `orderId` on what is stored under its reservation id. A reservation of another
 * order under that id is never touched: 409 / ALREADY_EXISTS RESERVATION_CONFLICT (not retriable).
 */
export function decideCancellationEffect(
  existing: StoredReservation | undefined,
  orderId: string,
): CancellationEffect {
  if (existing === undefined) return { kind: 'record-cancellation' };
  if (existing.orderId !== orderId) {
    throw reservationConflict(existing.reservationId, `belongs to another order than ${orderId}`);
  }
  return existing.status === 'active' ? { kind: 'release', reservation: existing } : { kind: 'nothing' };
}
