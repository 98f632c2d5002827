/** Counts deliveries by message id: unique ones, duplicates, and which of the sent ids never came. */
export class DeliveryTally {
  private readonly seen = new Map<string, number>();
  private last = performance.now();

  constructor(private readonly sent: readonly string[]) {}

  record(messageId: string): void {
    this.seen.set(messageId, (this.seen.get(messageId) ?? 0) + 1);
    this.last = performance.now();
  }

  /** Distinct sent ids that arrived. */
  get delivered(): number {
    return this.sent.reduce((n, id) => n + (this.seen.has(id) ? 1 : 0), 0);
  }

  /** Arrivals beyond the first of an id. */
  get duplicates(): number {
    let extra = 0;
    for (const count of this.seen.values()) extra += count - 1;
    return extra;
  }

  get lost(): number {
    return this.sent.length - this.delivered;
  }

  /** Milliseconds since the last arrival (or since the tally began). */
  get quietForMs(): number {
    return performance.now() - this.last;
  }
}
