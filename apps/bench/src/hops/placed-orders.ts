/** Where an order's time ends, for its hop bar. */
export type OrderTimeEnd = 'response' | 'webhook';

/** What a row's bar spans, by where its orders' time ends: the reports print "median N ms <this>". */
export const ORDER_TIME: Record<OrderTimeEnd, string> = {
  response: "in order-service's POST /orders (request in → answer out)",
  webhook: 'from POST /orders into order-service to its webhook POST answered',
};

/** Where a stack's trace store answers (`GET /api/traces`), or why there is none to read. */
export type TraceStoreAt = { url: string } | { none: string };

/** Order ids kept at most (the newest): more than any row's sample. */
const KEPT = 1_000;

/**
 * The orders an end-to-end scenario's calls placed, newest last, for the hop bars of its row
 * (hops/row-hops.ts reads their traces after each measured run): the scenario records each order its
 * call completed, the runner clears before a measured run and takes the last ones after it.
 */
export class PlacedOrders {
  private ids: string[] = [];

  constructor(
    readonly end: OrderTimeEnd,
    readonly traceStore: TraceStoreAt,
  ) {}

  placed(id: string): void {
    this.ids.push(id);
    if (this.ids.length > 2 * KEPT) this.ids = this.ids.slice(-KEPT);
  }

  clear(): void {
    this.ids = [];
  }

  /** The last `count` orders placed since `clear`. */
  last(count: number): string[] {
    return this.ids.slice(-count);
  }
}
