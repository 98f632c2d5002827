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
