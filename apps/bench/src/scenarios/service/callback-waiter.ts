/**
 * Calls of `e2e.order.async-callback` waiting for their order's webhook. The order id is only known once
 * the 202 has been read, and a callback could (in theory) arrive before that, so arrivals nobody waits
 * for yet are kept until the matching `wait` (or `clear`).
 */
export class CallbackWaiter {
  private readonly waiting = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  private readonly early = new Map<string, Error | undefined>();

  /** Resolves when `arrived(orderId)` is (or was already) called; rejects on `failed(orderId, …)`. */
  wait(orderId: string): Promise<void> {
    if (this.early.has(orderId)) {
      const error = this.early.get(orderId);
      this.early.delete(orderId);
      return error === undefined ? Promise.resolve() : Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.waiting.set(orderId, { resolve, reject });
    });
  }

  arrived(orderId: string): void {
    this.settle(orderId, undefined);
  }

  failed(orderId: string, error: Error): void {
    this.settle(orderId, error);
  }

  /** Rejects every waiting call and forgets early arrivals (at close). */
  clear(error: Error): void {
    for (const [id, entry] of this.waiting) {
      this.waiting.delete(id);
      entry.reject(error);
    }
    this.early.clear();
  }

  get size(): number {
    return this.waiting.size;
  }

  private settle(orderId: string, error: Error | undefined): void {
    const entry = this.waiting.get(orderId);
    if (entry === undefined) {
      this.early.set(orderId, error);
      return;
    }
    this.waiting.delete(orderId);
    if (error === undefined) entry.resolve();
    else entry.reject(error);
  }
}
