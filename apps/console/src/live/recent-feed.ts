import type { FeedItem } from '../common/feed';

/** The latest feed items (a bounded ring): what a page that just opened sees, and what timelines read. */
export class RecentFeed {
  private readonly items: FeedItem[] = [];

  constructor(private readonly capacity = 5_000) {}

  add(item: FeedItem): void {
    this.items.push(item);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  /** The newest `count` items, oldest first. */
  latest(count: number): FeedItem[] {
    return this.items.slice(-count);
  }

  /** Every remembered item the predicate keeps, oldest first. */
  filter(keep: (item: FeedItem) => boolean): FeedItem[] {
    return this.items.filter(keep);
  }
}
