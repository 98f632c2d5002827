import type { SagaStyle } from '@commlab/contracts';

import type { SentOrder } from './chaos-accounting';
import type { ChaosSaga } from './chaos-args';
import type { ChaosStack } from './chaos-stack';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** After a request that got no answer (the service is down), a worker waits this long before its next one. */
const NO_ANSWER_PAUSE_MS = 1_000;

export interface LoadOptions {
  /** Requests at a time (default 16). */
  concurrency?: number;
  /** Every n-th order sync, the others async (default 5; 0: all async). */
  syncEvery?: number;
  /** Cancel every n-th accepted order (0, the default: none) … */
  cancelEvery?: number;
  /** … a random 0 to this many ms after it was accepted (default 300): racing its saga. */
  cancelWithinMs?: number;
}

/**
 * The order load of one scenario: `count` POST /orders, every fifth one sync, `concurrency` at a time. Async
 * orders run their saga as `saga` says (`mixed`: every other one orchestrated, the rest choreographed).
 */
export class Load {
  readonly sent: SentOrder[] = [];
  private started = 0;
  private readonly cancellations: Promise<void>[] = [];

  constructor(
    private readonly stack: ChaosStack,
    private readonly token: string,
    private readonly skus: readonly string[],
    private readonly saga: ChaosSaga = 'mixed',
  ) {}

  /** Sends orders until `count` have been started in all (a second call carries on where the first stopped). */
  async run(count: number, options: LoadOptions = {}): Promise<void> {
    const concurrency = options.concurrency ?? 16;
    const syncEvery = options.syncEvery ?? 5;
    const cancelEvery = options.cancelEvery ?? 0;
    const worker = async () => {
      while (this.started < count) {
        const n = this.started++;
        const mode = syncEvery > 0 && n % syncEvery === 0 ? 'sync' : 'async';
        const order = await this.place(mode, n);
        this.sent.push(order);
        if (order.httpStatus === 0) await sleep(NO_ANSWER_PAUSE_MS);
        if (order.id !== undefined && cancelEvery > 0 && this.sent.length % cancelEvery === 0)
          this.cancellations.push(
            sleep(Math.random() * (options.cancelWithinMs ?? 300)).then(() => this.cancel(order)),
          );
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    await Promise.all(this.cancellations);
  }

  get progress(): number {
    return this.sent.length;
  }

  /** Cancels `orders` (POST /orders/{id}/cancel), `concurrency` at a time; records each answer's status. */
  async cancelAll(orders: readonly SentOrder[], concurrency = 8): Promise<void> {
    const queue = [...orders];
    const worker = async () => {
      for (let order = queue.shift(); order !== undefined; order = queue.shift()) await this.cancel(order);
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  /** `mixed`: SKU by SKU, a round of orchestrated orders, then one of choreographed ones. */
  private sagaOf(n: number): SagaStyle {
    if (this.saga !== 'mixed') return this.saga;
    return Math.floor(n / Math.max(this.skus.length, 1)) % 2 === 0 ? 'orchestration' : 'choreography';
  }

  private async cancel(order: SentOrder): Promise<void> {
    try {
      const response = await fetch(`${this.stack.orderUrl}/orders/${order.id ?? ''}/cancel`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}` },
        signal: AbortSignal.timeout(15_000),
      });
      await response.arrayBuffer();
      order.cancelStatus = response.status;
    } catch {
      // No answer: nothing was promised (the cancellation may or may not have happened).
      order.cancelStatus = 0;
    }
  }

  private async place(mode: 'sync' | 'async', n: number): Promise<SentOrder> {
    const saga = mode === 'async' ? this.sagaOf(n) : undefined;
    try {
      const query = saga === undefined ? '' : `?saga=${saga}`;
      const response = await fetch(`${this.stack.orderUrl}/orders${query}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.token}`,
          ...(mode === 'async' ? { prefer: 'respond-async' } : {}),
        },
        body: JSON.stringify({ items: [{ sku: this.skus[n % this.skus.length] ?? 'mug-red', quantity: 1 }] }),
        signal: AbortSignal.timeout(15_000),
      });
      const body = (await response.json().catch(() => ({}))) as { id?: string };
      return response.ok && body.id !== undefined
        ? { mode, saga, httpStatus: response.status, id: body.id }
        : { mode, saga, httpStatus: response.status };
    } catch {
      // No answer (the service was killed, or the request timed out): nothing was promised.
      return { mode, saga, httpStatus: 0 };
    }
  }
}
