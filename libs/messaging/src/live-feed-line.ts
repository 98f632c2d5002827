/** One line of the live activity feed: which service did what, when, plus a few flat fields. */
export interface LiveFeedLine {
  service: string;
  /** What happened, e.g. `notification.stored`, `dead-letter.stored`. */
  event: string;
  /** ISO time of publishing. */
  at: string;
  [field: string]: string | number | boolean | null;
}

/** Extra fields of a line: flat scalars only, so a line stays one short JSON object. */
export type LiveFeedFields = Record<string, string | number | boolean | null>;

/**
 * Where a service posts its live-feed lines (the Redis adapter's `LiveFeed` is one): fire-and-forget,
 * returns at once and never throws — the feed must never slow down or break the work it reports on.
 */
export interface LiveFeedSink {
  publish(event: string, fields?: LiveFeedFields): void;
}
