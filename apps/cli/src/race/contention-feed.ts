import { REDIS_CHANNELS, type StockContentionFields, stockContentionOf } from '@commlab/contracts';
import { Redis } from 'ioredis';

/**
 * The `stock.contention` lines of the live feed (Redis Pub/Sub `commlab.live`) from the moment it is
 * open: what `pnpm race` counts as the version conflicts inventory retried. Pub/Sub is fire-and-forget,
 * so it sees only what is published while it listens.
 */
export class ContentionFeed {
  private readonly seen: StockContentionFields[] = [];

  private constructor(private readonly redis: Redis) {
    redis.on('message', (_channel: string, message: string) => {
      let line: unknown;
      try {
        line = JSON.parse(message);
      } catch {
        return; // not a feed line (a PUBLISH by hand): not a conflict either
      }
      const conflict = stockContentionOf(line);
      if (conflict !== undefined) this.seen.push(conflict);
    });
  }

  /** Subscribed and listening, or the reason it could not be. */
  static async open(url: string): Promise<ContentionFeed | string> {
    const redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: 2_000,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    let lastError = '';
    redis.on('error', (error: Error) => {
      lastError = error.message || error.name;
    });
    try {
      await redis.subscribe(REDIS_CHANNELS.live);
      return new ContentionFeed(redis);
    } catch (error) {
      redis.disconnect();
      return lastError || (error instanceof Error ? error.message : String(error));
    }
  }

  lines(): readonly StockContentionFields[] {
    return [...this.seen];
  }

  close(): void {
    this.redis.disconnect();
  }
}
