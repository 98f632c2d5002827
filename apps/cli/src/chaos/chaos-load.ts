import type { SentOrder } from './chaos-accounting';
import type { ChaosStack } from './chaos-stack';

/** The order load of one scenario: `count` POST /orders, every fifth one sync, `concurrency` at a time. */
export class Load {
  readonly sent: SentOrder[] = [];
  private started = 0;

  constructor(
    private readonly stack: ChaosStack,
    private readonly token: string,
    private readonly skus: readonly string[],
  ) {}

  async run(count: number, options: { concurrency?: number; syncEvery?: number } = {}): Promise<void> {
    const concurrency = options.concurrency ?? 16;
    const syncEvery = options.syncEvery ?? 5;
    const worker = async () => {
      while (this.started < count) {
        const n = this.started++;
        const mode = syncEvery > 0 && n % syncEvery === 0 ? 'sync' : 'async';
        this.sent.push(await this.place(mode, n));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  get progress(): number {
    return this.sent.length;
  }

  private async place(mode: 'sync' | 'async', n: number): Promise<SentOrder> {
    try {
      const response = await fetch(`${this.stack.orderUrl}/orders`, {
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
        ? { mode, httpStatus: response.status, id: body.id }
        : { mode, httpStatus: response.status };
    } catch {
      // No answer (the service was killed, or the request timed out): nothing was promised.
      return { mode, httpStatus: 0 };
    }
  }
}
