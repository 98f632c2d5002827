/**
 * What an order in the orders table must have caused elsewhere, once final (pure): its notifications
 * (notification-service) and its share of reporting's order counts.
 */
import type { OrderStatus } from './chaos-stock-accounting';

/** An order as these expectations need it. */
export interface ExpectedOf {
  status: OrderStatus;
  mode: 'sync' | 'async';
  /** A CANCELLED order's status before (CONFIRMED for a sync order, or an async one inventory answered). */
  cancelledFrom: 'PENDING' | 'CONFIRMED' | null;
}

export interface ExpectedNotification {
  template: string;
  status: string | null;
}

/** What the order announced before any cancellation: sync orders were placed, async ones completed. */
function completion({ mode, status, cancelledFrom }: ExpectedOf): ExpectedNotification[] {
  if (mode === 'sync')
    return [
      { template: 'order-update', status: 'placed' },
      { template: 'order-placed', status: null },
    ];
  const outcome = status === 'CANCELLED' ? cancelledFrom : status;
  if (outcome !== 'CONFIRMED' && outcome !== 'REJECTED') return [];
  const name = outcome.toLowerCase();
  return [
    { template: 'order-update', status: name },
    { template: `order-${name}`, status: null },
  ];
}

/**
 * The notifications an order must have, exactly once each: its completion's (a sync order's
 * `order-placed`, an async one's `order-confirmed` / `order-rejected`, each with its `order-update`), and
 * for a CANCELLED or EXPIRED order the `order-update` of its OrderCancelled (an expiry is announced as one).
 */
export function expectedNotifications(order: ExpectedOf): ExpectedNotification[] {
  const cancelled = order.status === 'CANCELLED' || order.status === 'EXPIRED';
  return [...completion(order), ...(cancelled ? [{ template: 'order-update', status: 'cancelled' }] : [])];
}

export interface ReportingCounts {
  placed: number;
  confirmed: number;
  rejected: number;
  cancelled: number;
}

/**
 * reporting's order counts that the orders table implies: an order is `placed` (and `confirmed` or
 * `rejected`) once its outcome is announced — a sync order at once, an async one when inventory answered —
 * and `cancelled` once for each OrderCancelled (a cancellation or an expiry).
 */
export function expectedReporting(orders: readonly ExpectedOf[]): ReportingCounts {
  const counts = { placed: 0, confirmed: 0, rejected: 0, cancelled: 0 };
  for (const order of orders) {
    const outcome =
      order.mode === 'sync' ? 'CONFIRMED' : order.status === 'CANCELLED' ? order.cancelledFrom : order.status;
    if (outcome === 'CONFIRMED' || outcome === 'REJECTED') {
      counts.placed++;
      counts[outcome === 'CONFIRMED' ? 'confirmed' : 'rejected']++;
    }
    if (order.status === 'CANCELLED' || order.status === 'EXPIRED') counts.cancelled++;
  }
  return counts;
}
