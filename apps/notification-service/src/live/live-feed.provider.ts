import type { LiveFeed } from '@commlab/messaging';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';

/** Nest injection token of the service's LiveFeed (Redis Pub/Sub `commlab.live`). */
export const LIVE_FEED = Symbol('LIVE_FEED');

/** Closes the feed's Redis connections at shutdown. */
@Injectable()
export class LiveFeedCloser implements OnApplicationShutdown {
  constructor(@Inject(LIVE_FEED) private readonly feed: LiveFeed) {}

  async onApplicationShutdown(): Promise<void> {
    await this.feed.close();
  }
}
