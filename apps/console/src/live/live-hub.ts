import type { SseHub } from '../server/sse-hub';
import type { FeedItem, FeedLine } from '../common/feed';
import type { HopStats } from '../common/topology';
import { FeedInterpreter } from './feed-hops';
import { HopWindow } from './hop-window';
import { RecentFeed } from './recent-feed';

const HOPS_EVERY_MS = 1_000;

/**
 * What the console makes of the live feed: each line read as hops (forwarded to every open page at
 * once, so edges light up as it happens), the last minute of every hop (rate and median latency, sent
 * once a second), and the recent lines (for a page that just opened, and for the order timelines).
 */
export class LiveHub {
  readonly recent = new RecentFeed();
  private readonly interpreter = new FeedInterpreter();
  private readonly window = new HopWindow();
  private readonly listeners: ((line: FeedLine) => void)[] = [];
  private lastHops = '';
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly sse: SseHub) {
    this.timer = setInterval(() => {
      this.sendHops();
    }, HOPS_EVERY_MS);
    this.timer.unref();
  }

  /** Also tell `listener` about every line (the order timelines). */
  onLine(listener: (line: FeedLine) => void): void {
    this.listeners.push(listener);
  }

  add(line: FeedLine): void {
    const item: FeedItem = { line, hops: this.interpreter.hopsOf(line) };
    for (const hop of item.hops) this.window.add(hop);
    this.recent.add(item);
    for (const listener of this.listeners) listener(line);
    this.sse.broadcast('feed', item);
  }

  hops(): HopStats[] {
    return this.window.stats();
  }

  close(): void {
    clearInterval(this.timer);
  }

  private sendHops(): void {
    const hops = this.window.stats();
    const serialized = JSON.stringify(hops);
    if (serialized === this.lastHops) return;
    this.lastHops = serialized;
    this.sse.broadcast('hops', hops);
  }
}
