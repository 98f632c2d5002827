import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';

import type { LiveFeedSink } from '@commlab/messaging';

/** Nest injection token of the service's LiveFeed (Redis Pub/Sub `commlab.live`). */
export const LIVE_FEED = Symbol('LIVE_FEED');

/** A live feed the binding closes at shutdown (the Redis adapter's `LiveFeed` is one). */
export type ClosableLiveFeed = LiveFeedSink & { close(): Promise<void> };

/** Closes the feed's connection at shutdown. */
@Injectable()
export class LiveFeedCloser implements OnApplicationShutdown {
  constructor(@Inject(LIVE_FEED) private readonly feed: ClosableLiveFeed) {}

  async onApplicationShutdown(): Promise<void> {
    await this.feed.close();
  }
}

/**
 * Thin Nest binding of the fire-and-forget live feed: inject LIVE_FEED (a `LiveFeedSink`) and
 * `publish(event, fields)` one line per thing worth watching. `create` builds the feed when the module is
 * instantiated (not when it is declared: no connection for an app that never starts), e.g.
 * `() => new LiveFeed({ url, service })` from @commlab/messaging-redis.
 */
@Global()
@Module({})
export class LiveFeedModule {
  static forRoot(create: () => ClosableLiveFeed): DynamicModule {
    return {
      module: LiveFeedModule,
      providers: [{ provide: LIVE_FEED, useFactory: create }, LiveFeedCloser],
      exports: [LIVE_FEED],
    };
  }
}
