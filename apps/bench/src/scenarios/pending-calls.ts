/**
 * Calls waiting for something that arrives on another path: an RPC reply matched by correlation id, or
 * a one-way message reaching its handler. `wait(id)` before sending; `settle(id)` from the receiving side,
 * with the value the call resolves with (a one-way receipt: when the handler had the message).
 */
export class PendingCalls<T = void> {
  private readonly waiting = new Map<
    string,
    { resolve: (value: T) => void; reject: (error: Error) => void }
  >();
  /** Arrivals nobody waited for (e.g. answers to a call that already timed out). */
  unexpected = 0;

  wait(id: string): Promise<T> {
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
    });
  }

  settle(id: string, value: T): void {
    const entry = this.waiting.get(id);
    if (entry === undefined) {
      this.unexpected++;
      return;
    }
    this.waiting.delete(id);
    entry.resolve(value);
  }

  fail(id: string, error: Error): void {
    const entry = this.waiting.get(id);
    this.waiting.delete(id);
    entry?.reject(error);
  }

  failAll(error: Error): void {
    for (const [id, entry] of this.waiting) {
      this.waiting.delete(id);
      entry.reject(error);
    }
  }

  get size(): number {
    return this.waiting.size;
  }
}
