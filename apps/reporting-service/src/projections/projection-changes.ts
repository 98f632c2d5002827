import {
  type CommlabMessage,
  latestOrderPlaced,
  ORDER_CANCELLED_V1,
  ORDER_CONFIRMED_V1,
  ORDER_PLACED_V1,
  ORDER_PLACED_V2,
  ORDER_REJECTED_V1,
  STOCK_REJECTED_V1,
  STOCK_RELEASED_V1,
  STOCK_RESERVED_V1,
} from '@commlab/contracts';

import type { OrderCounts, StockMovement } from './sales-report.types';

type OrderStatus = keyof OrderCounts;

/** One sale: the priced lines of a confirmed order. */
export interface Sale {
  currency: string;
  /** ISO time of confirmation; its UTC day is the sales day. */
  at: string;
  lines: readonly { sku: string; quantity: number; unitPriceCents: number }[];
}

/** A sale as the projections add it: per SKU (a SKU on two lines counts once) and for its day. */
export interface SaleChanges {
  currency: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  units: number;
  revenueCents: number;
  /** In SKU order. */
  bySku: { sku: string; units: number; revenueCents: number }[];
}

/**
 * What one event adds to the read models — increments only, each row at most once (so they can all be
 * written by one statement): the order statuses to count, a sale, stock movements per SKU (in SKU order).
 */
export interface ProjectionChanges {
  counts: OrderStatus[];
  sale?: SaleChanges;
  movements: StockMovement[];
}

function saleChanges(sale: Sale): SaleChanges {
  const perSku = new Map<string, { units: number; revenueCents: number }>();
  let units = 0;
  let revenueCents = 0;
  for (const line of sale.lines) {
    const entry = perSku.get(line.sku) ?? { units: 0, revenueCents: 0 };
    entry.units += line.quantity;
    entry.revenueCents += line.quantity * line.unitPriceCents;
    perSku.set(line.sku, entry);
    units += line.quantity;
    revenueCents += line.quantity * line.unitPriceCents;
  }
  return {
    currency: sale.currency,
    day: sale.at.slice(0, 10),
    units,
    revenueCents,
    bySku: [...perSku].sort(([a], [b]) => a.localeCompare(b)).map(([sku, entry]) => ({ sku, ...entry })),
  };
}

/** The movements of the SKUs, merged per SKU (a SKU twice in an event adds up), in SKU order. */
function movements(
  changes: readonly (Partial<Omit<StockMovement, 'sku'>> & { sku: string })[],
): StockMovement[] {
  const perSku = new Map<string, StockMovement>();
  for (const change of changes) {
    const movement = perSku.get(change.sku) ?? {
      sku: change.sku,
      reservedUnits: 0,
      releasedUnits: 0,
      reservations: 0,
      rejections: 0,
    };
    movement.reservedUnits += change.reservedUnits ?? 0;
    movement.releasedUnits += change.releasedUnits ?? 0;
    movement.reservations += change.reservations ?? 0;
    movement.rejections += change.rejections ?? 0;
    perSku.set(change.sku, movement);
  }
  return [...perSku.values()].sort((a, b) => a.sku.localeCompare(b.sku));
}

/** A confirmed order: counted as placed and confirmed, and sold. */
function confirmed(sale: Sale): ProjectionChanges {
  return { counts: ['placed', 'confirmed'], sale: saleChanges(sale), movements: [] };
}

/**
 * The changes of one event, undefined for events the projections do not use. Orders are counted when
 * final: a sync OrderPlaced (stock already reserved; placed and confirmed — only sync orders are
 * announced as placed) or an async order's OrderConfirmed / OrderRejected (order-service publishes no
 * OrderPlaced for async orders: their prices are known only once inventory reserved them); an
 * OrderCancelled counts the order as cancelled too (its sales stay; it was counted as placed, and
 * confirmed if it was, by its earlier event). Sales come with confirmation.
 */
export function projectionChanges(message: CommlabMessage): ProjectionChanges | undefined {
  switch (message.type) {
    case ORDER_PLACED_V1:
    case ORDER_PLACED_V2: {
      // The topic holds both versions (v1 from before the change): v1 is read as v2.
      const { data } = latestOrderPlaced(message);
      return confirmed({
        currency: data.total.currency,
        at: data.placedAt,
        lines: data.items.map(({ sku, quantity, unitPrice }) => ({
          sku,
          quantity,
          unitPriceCents: unitPrice.amountCents,
        })),
      });
    }
    case ORDER_CONFIRMED_V1: {
      // An async order announces itself with its outcome: it counts as placed here.
      const { data } = message;
      return confirmed({ currency: data.currency, at: data.confirmedAt, lines: data.items });
    }
    case ORDER_REJECTED_V1:
      return { counts: ['placed', 'rejected'], movements: [] };
    case ORDER_CANCELLED_V1:
      return { counts: ['cancelled'], movements: [] };
    case STOCK_RESERVED_V1:
      return {
        counts: [],
        movements: movements(
          message.data.items.map(({ sku, quantity }) => ({ sku, reservedUnits: quantity, reservations: 1 })),
        ),
      };
    case STOCK_REJECTED_V1:
      return { counts: [], movements: movements(message.data.skus.map((sku) => ({ sku, rejections: 1 }))) };
    case STOCK_RELEASED_V1:
      return {
        counts: [],
        movements: movements(
          message.data.items.map(({ sku, quantity }) => ({ sku, releasedUnits: quantity })),
        ),
      };
    default:
      return undefined;
  }
}
