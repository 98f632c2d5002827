import type { Logger } from '@nestjs/common';

import type { StockReserver } from './stock-reserver';

/** Waits before each attempt to release a reservation whose fate is unknown: about a minute in all. */
export const RELEASE_RETRY_DELAYS_MS: readonly number[] = [0, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/**
 * Releases a reservation that may exist, retrying after each of `delaysMs` (a release can arrive before a
 * late reservation, and is then NOT_FOUND; inventory may be down). Runs in the background: the caller is
 * not delayed. In memory: an order-service that dies meanwhile leaves it to the reconciliation.
 * `giveUpMessage` is logged (warn) when every attempt failed.
 */
export function releaseEventually(
  reserver: StockReserver,
  reservationId: string,
  options: { delaysMs: readonly number[]; logger: Logger; giveUpMessage: string },
): void {
  void (async () => {
    let lastError: unknown;
    for (const delay of options.delaysMs) {
      if (delay > 0) await sleep(delay);
      try {
        await reserver.release(reservationId);
        return;
      } catch (error) {
        lastError = error;
      }
    }
    options.logger.warn({ err: lastError, orderId: reservationId }, options.giveUpMessage);
  })();
}
