import type { StockContentionFields, StockContentionTransport } from '@commlab/contracts';

/** What a ReserveStock attempt that lost a version race knew: what it read, for which command, how it came. */
export interface LostAttempt {
  /** The streams the attempt read (and would have appended to), with the version each was read at. */
  read: readonly { sku: string; version: number }[];
  reservationId: string;
  orderId: string;
  transport: StockContentionTransport;
  retry: number;
  gaveUp: boolean;
}

/**
 * The `stock.contention` lines of one lost attempt: one per SKU it read, each with the version it
 * expected (the store's conflict does not say which stream moved). None when it read nothing.
 */
export function stockContentionLines(attempt: LostAttempt): StockContentionFields[] {
  const { reservationId, orderId, transport, retry, gaveUp } = attempt;
  return attempt.read.map(({ sku, version }) => ({
    sku,
    expectedVersion: version,
    reservationId,
    orderId,
    retry,
    gaveUp,
    transport,
  }));
}
