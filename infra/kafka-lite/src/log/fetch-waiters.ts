/** A parked Fetch waiting for data on some partitions. */
export interface FetchWaiter {
  cancel(): void;
}

/**
 * Long-poll registry: a parked Fetch registers the partitions it reads and a wake-up callback;
 * an append to any of them calls the callback once. Cancelling removes every trace of the waiter.
 */
export class FetchWaiters {
  private readonly byKey = new Map<string, Set<() => void>>();
  private count = 0;

  static key(topic: string, partition: number): string {
    return `${topic}\u0000${partition}`;
  }

  /** Parked waiters (not partitions). */
  get size(): number {
    return this.count;
  }

  register(keys: readonly string[], wake: () => void): FetchWaiter {
    let done = false;
    const fire = (): void => {
      if (done) return;
      cancel();
      wake();
    };
    const cancel = (): void => {
      if (done) return;
      done = true;
      this.count--;
      for (const k of keys) {
        const set = this.byKey.get(k);
        if (!set) continue;
        set.delete(fire);
        if (set.size === 0) this.byKey.delete(k);
      }
    };
    this.count++;
    for (const k of keys) {
      let set = this.byKey.get(k);
      if (!set) {
        set = new Set();
        this.byKey.set(k, set);
      }
      set.add(fire);
    }
    return { cancel };
  }

  notify(key: string): void {
    const set = this.byKey.get(key);
    if (!set) return;
    for (const fire of [...set]) fire();
  }

  /** Wakes every waiter (topic deleted, broker closing). */
  notifyAll(): void {
    for (const set of [...this.byKey.values()]) for (const fire of [...set]) fire();
  }
}
