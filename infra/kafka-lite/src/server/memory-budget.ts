/**
 * The bytes all connections together may hold beyond their small per-connection allowance: large
 * request frames (reserved whole before they are read, like Kafka's `queued.max.request.bytes`) and
 * replies not yet taken by the kernel. A connection that cannot reserve waits, in arrival order,
 * until another releases.
 */
export class MemoryBudget {
  private reserved = 0;
  private readonly replies = new Map<object, number>();
  private replyBytes = 0;
  private readonly waiting: { bytes: number; grant: () => void }[] = [];

  constructor(readonly capacity: number) {}

  get used(): number {
    return this.reserved + this.replyBytes;
  }

  get available(): number {
    return Math.max(0, this.capacity - this.used);
  }

  /** Connections waiting for a reservation. */
  get waiters(): number {
    return this.waiting.length;
  }

  /**
   * Reserves `bytes` now (true) or queues `grant`, called once the reservation has been made (false).
   * Queued reservations are granted in order, so a large one is not starved by small ones.
   */
  reserve(bytes: number, grant: () => void): boolean {
    if (this.waiting.length === 0 && this.used + bytes <= this.capacity) {
      this.reserved += bytes;
      return true;
    }
    this.waiting.push({ bytes, grant });
    return false;
  }

  /** Drops a queued reservation request (its connection closed). */
  cancel(grant: () => void): void {
    const i = this.waiting.findIndex((w) => w.grant === grant);
    if (i >= 0) this.waiting.splice(i, 1);
    this.wake();
  }

  release(bytes: number): void {
    this.reserved -= bytes;
    this.wake();
  }

  /** Sets the unsent reply bytes one connection holds (0 once drained or closed). */
  setReplyBytes(owner: object, bytes: number): void {
    const before = this.replies.get(owner) ?? 0;
    if (bytes === before) return;
    if (bytes === 0) this.replies.delete(owner);
    else this.replies.set(owner, bytes);
    this.replyBytes += bytes - before;
    if (bytes < before) this.wake();
  }

  private wake(): void {
    for (;;) {
      const next = this.waiting[0];
      if (next === undefined || this.used + next.bytes > this.capacity) return;
      this.waiting.shift();
      this.reserved += next.bytes;
      next.grant();
    }
  }
}
