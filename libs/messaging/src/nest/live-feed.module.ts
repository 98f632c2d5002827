import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';

import { LiveFeed } from '../redis/live-feed';

/** Nest injection token of the service's LiveFeed (Redis Pub/Sub `commlab.live`). */
export const LIVE_FEED = Symbol('LIVE_FEED');

/** Closes the feed's Redis connection at shutdown. */
@Injectable()
export class LiveFeedCloser implements OnApplicationShutdown {
  constructor(@Inject(LIVE_FEED) private readonly feed: LiveFeed) {}

  async onApplicationShutdown(): Promise<void> {
    await this.feed.close();
  }
}

/**
 * Thin Nest binding of the fire-and-forget live feed: inject LIVE_FEED and `publish(event, fields)` one
 * line per thing worth watching. Pass a feed (tests, tools) or the Redis URL and service name.
 */
@Global()
@Module({})
export class LiveFeedModule {
  static forRoot(options: { feed: LiveFeed } | { url: string; service: string }): DynamicModule {
    // Built when the module is instantiated (not when it is declared): no Redis client for an app that
    // never starts.
    const feed = () => ('feed' in options ? options.feed : new LiveFeed(options));
    return {
      module: LiveFeedModule,
      providers: [{ provide: LIVE_FEED, useFactory: feed }, LiveFeedCloser],
      exports: [LIVE_FEED],
    };
  }
}
