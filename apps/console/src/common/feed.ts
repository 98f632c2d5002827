import type { Hop } from './topology';

/** One line of the live feed (Redis `commlab.live`), as every service publishes it. */
export interface FeedLine {
  service: string;
  event: string;
  at: string;
  [field: string]: string | number | boolean | null;
}

/** A feed line as the console forwards it to the page: with the hops it stands for. */
export interface FeedItem {
  line: FeedLine;
  hops: Hop[];
}
