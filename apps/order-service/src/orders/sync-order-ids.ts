import { Injectable } from '@nestjs/common';

/** How many ids `SyncOrderIds` keeps: far more than the orders whose answer is on its way at once. */
export const SYNC_ORDER_IDS_KEPT = 10_000;

/**
 * The ids of the sync orders this process placed lately, until inventory's answer about each arrives (at
 * most `capacity`; the oldest are forgotten first). A sync order's id is drawn by PlaceOrder for that
 * order alone, and the order is stored CONFIRMED — or not at all — never PENDING, so nothing can make it
 * PENDING or EXPIRED later: inventory's StockReserved / StockRejected about it can change nothing
 * (decideInventoryAnswer completes only a PENDING order and releases only for an EXPIRED one), and
 * CompleteAsyncOrder acknowledges it without reading the order. An id this process did not place (another
 * replica's, or from before a restart) is not here: its answer takes the ordinary way.
 */
@Injectable()
export class SyncOrderIds {
  /** SYNC_ORDER_IDS_KEPT; tests lower it. */
  capacity = SYNC_ORDER_IDS_KEPT;
  private readonly ids = new Set<string>();

  /** Called with the id of a sync order before its reservation is asked for (the answer may come first). */
  add(orderId: string): void {
    this.ids.add(orderId);
    for (const oldest of this.ids) {
      if (this.ids.size <= this.capacity) break;
      this.ids.delete(oldest);
    }
  }

  /** True when `orderId` is a sync order this process placed; it is forgotten then (its answer came). */
  take(orderId: string): boolean {
    return this.ids.delete(orderId);
  }
}
