import { setTimeout as sleep } from 'node:timers/promises';

/** How long `firstSuccess` keeps trying. */
export interface FirstSuccessOptions {
  /** Give up after this long in all. */
  totalMs: number;
  /** One attempt may take this long (a request lost while a consumer was still joining never answers). */
  attemptMs: number;
  /** Pause between attempts. */
  pauseMs?: number;
}

function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${what}: no answer within ${ms} ms`));
    }, ms);
  });
  return Promise.race([work, expired]).finally(() => {
    clearTimeout(timer);
  });
}

/**
 * Setup only, never on the timed path: repeats `call` until one succeeds, and returns its result. The
 * services' broker consumers connect in the background (inventory's `inventory.rpc` and
 * `inventory.reserve-stock` servers, order's consumer of `inventory`), so the first request may be lost or
 * expire before they have joined; the run must not start before the whole path answers. Rejects with the
 * last failure once `totalMs` has passed.
 */
export async function firstSuccess<T>(
  call: () => Promise<T>,
  what: string,
  { totalMs, attemptMs, pauseMs = 200 }: FirstSuccessOptions,
): Promise<T> {
  const deadline = Date.now() + totalMs;
  for (;;) {
    const left = deadline - Date.now();
    try {
      return await within(call(), Math.max(1, Math.min(attemptMs, left)), what);
    } catch (error) {
      if (Date.now() + pauseMs >= deadline) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`${what} did not succeed within ${totalMs} ms: ${reason}`, { cause: error });
      }
      await sleep(pauseMs);
    }
  }
}
