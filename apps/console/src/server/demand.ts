/** How long after its last API read a watcher keeps polling with no page open. */
const LINGER_MS = 60_000;

/**
 * Whether anyone looks at what the console's watchers keep: an open page (its live stream), or an API
 * read in the last minute (a page's own polling, a script). With neither, the watchers stop polling the
 * services' /health, RabbitMQ and Kafka — an idle stack is left idle.
 */
export class Demand {
  private lastReadAt = -Infinity;

  constructor(
    private readonly openPages: () => number,
    private readonly lingerMs = LINGER_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** An API route read a watcher's view. */
  read(): void {
    this.lastReadAt = this.now();
  }

  wanted(): boolean {
    return this.openPages() > 0 || this.now() - this.lastReadAt < this.lingerMs;
  }
}
