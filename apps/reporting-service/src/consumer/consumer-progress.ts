/**
 * The next offset to read of every partition this process has handled a record of (processed, ignored,
 * duplicate or dead-lettered), in this process's lifetime, or the offset a rebuild rewound it to. The
 * rebuild waits on it to know when the replay has caught up; a snapshot records it as the offsets its copy
 * of the projections had reached.
 */
export class ConsumerProgress {
  private readonly next = new Map<string, bigint>();
  private readonly listeners = new Set<() => void>();

  record(topic: string, partition: number, offset: string): void {
    const key = `${topic}/${String(partition)}`;
    const candidate = BigInt(offset) + 1n;
    const current = this.next.get(key);
    if (current === undefined || candidate > current) this.next.set(key, candidate);
    for (const listener of this.listeners) listener();
  }

  /** Sets a partition's next offset back (a rebuild's seek): the projections now stand there. */
  rewind(topic: string, partition: number, next: bigint): void {
    this.next.set(`${topic}/${String(partition)}`, next);
  }

  nextOffset(topic: string, partition: number): bigint | undefined {
    return this.next.get(`${topic}/${String(partition)}`);
  }

  /** Resolves true once `reached()` holds, false after `timeoutMs`. */
  async waitUntil(reached: () => boolean, timeoutMs: number): Promise<boolean> {
    if (reached()) return true;
    return new Promise<boolean>((resolve) => {
      const check = () => {
        if (!reached()) return;
        finish(true);
      };
      const finish = (value: boolean) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => {
        finish(false);
      }, timeoutMs);
      this.listeners.add(check);
    });
  }
}
