/**
 * `pnpm chaos`'s stock bookkeeping, pure: what an order's reservation must hold once the order is final
 * (a CONFIRMED order exactly the units it ordered, any other final order nothing), compared with the
 * reservation rows and the StockReserved / StockReleased events of inventory-service's event store.
 */

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'CANCELLED' | 'EXPIRED';

/** What inventory's event store recorded for one order's reservation of one SKU. */
export interface StockMove {
  orderId: string;
  sku: string;
  /** StockReserved events, and the units they took. */
  reservedEvents: number;
  reservedUnits: number;
  /** StockReleased events, and the units they gave back. */
  releasedEvents: number;
  releasedUnits: number;
}

/** An order as far as its stock goes: its status and what it ordered. */
export interface StockedOrder {
  id: string;
  status: OrderStatus;
  items: { sku: string; quantity: number }[];
}

export interface Problem {
  orderId: string;
  what: string;
}

/**
 * Problems with stock, by kind: `lost` — a CONFIRMED order holds less than it ordered (its reservation
 * is missing); `duplicated` — stock reserved or released more than once; `leaked` — stock still held for
 * an order that must hold none (REJECTED, CANCELLED, EXPIRED, or no such order: its release is missing).
 */
export interface StockProblems {
  lost: Problem[];
  duplicated: Problem[];
  leaked: Problem[];
}

const units = (n: number) => `${String(n)} unit${n === 1 ? '' : 's'}`;

function sumBySku(entries: Iterable<{ sku: string; quantity: number }>): Map<string, number> {
  const sums = new Map<string, number>();
  for (const { sku, quantity } of entries) sums.set(sku, (sums.get(sku) ?? 0) + quantity);
  return sums;
}

/**
 * The stock problems of one final order (`order` undefined: an order id inventory holds stock for, with
 * no order). `activeReservations`: its reservation rows with status `active`; `moves`: its stock events.
 */
export function stockProblemsOf(
  orderId: string,
  order: StockedOrder | undefined,
  activeReservations: number,
  moves: readonly StockMove[],
  problems: StockProblems,
): void {
  const doubled = new Set<string>();
  for (const move of moves) {
    if (move.reservedEvents > 1) {
      doubled.add(move.sku);
      problems.duplicated.push({
        orderId,
        what: `${move.sku} reserved ${String(move.reservedEvents)} times (StockReserved events)`,
      });
    }
    if (move.releasedEvents > 1) {
      doubled.add(move.sku);
      problems.duplicated.push({
        orderId,
        what: `${move.sku} released ${String(move.releasedEvents)} times (StockReleased events)`,
      });
    }
  }
  if (activeReservations > 1)
    problems.duplicated.push({ orderId, what: `stock reserved ${String(activeReservations)} times` });
  const held = sumBySku(
    moves.map((move) => ({ sku: move.sku, quantity: move.reservedUnits - move.releasedUnits })),
  );
  const heldUnits = [...held.values()].reduce((total, n) => total + Math.max(n, 0), 0);

  if (order?.status !== 'CONFIRMED') {
    if (activeReservations > 0 || heldUnits > 0)
      problems.leaked.push({
        orderId,
        what: `${order === undefined ? 'no such order' : order.status} but its stock is still reserved (${units(heldUnits)})`,
      });
    return;
  }
  if (activeReservations === 0) {
    problems.lost.push({ orderId, what: 'CONFIRMED without an active reservation' });
    return;
  }
  const ordered = sumBySku(order.items);
  for (const sku of new Set([...ordered.keys(), ...held.keys()])) {
    if (doubled.has(sku)) continue;
    const need = ordered.get(sku) ?? 0;
    const has = held.get(sku) ?? 0;
    if (has < need)
      problems.lost.push({
        orderId,
        what: `CONFIRMED but holds ${String(has)} of the ${units(need)} of ${sku} it ordered`,
      });
    if (has > need)
      problems.duplicated.push({
        orderId,
        what: `CONFIRMED but holds ${units(has)} of ${sku} for ${String(need)} ordered`,
      });
  }
}
