import { REDIS_CHANNELS } from '@commlab/contracts';
import { Redis } from 'ioredis';

import type { FeedLine } from '../common/feed';

export interface LiveSubscriberState {
  connected: boolean;
  detail?: string;
}

function isFeedLine(value: unknown): value is FeedLine {
  if (typeof value !== 'object' || value === null) return false;
  const { service, event, at } = value as Record<string, unknown>;
  return typeof service === 'string' && typeof event === 'string' && typeof at === 'string';
}

/**
 * A subscriber of the Redis live feed (`commlab.live`): every service's JSON line, as it happens. Redis
 * Pub/Sub keeps nothing for a subscriber that is away, so while Redis is down the console sees nothing
 * and says so (`state()`); ioredis reconnects and resubscribes by itself.
 */
export class LiveSubscriber {
  private readonly redis: Redis;
  private lastError: string | undefined;

  constructor(
    url: string,
    private readonly onLine: (line: FeedLine) => void,
  ) {
    this.redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: 2_000,
      maxRetriesPerRequest: null,
      retryStrategy: () => 1_000,
    });
    this.redis.on('error', (error: Error) => {
      this.lastError = error.message || error.name;
    });
    this.redis.on('ready', () => {
      this.lastError = undefined;
    });
    this.redis.on('message', (_channel: string, message: string) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(message);
      } catch {
        return; // not a line of the feed (someone PUBLISHed by hand): nothing to show
      }
      if (isFeedLine(parsed)) this.onLine(parsed);
    });
  }

  /** Connects and subscribes; a Redis that is down is retried in the background (see `state()`). */
  start(): void {
    this.redis.subscribe(REDIS_CHANNELS.live).catch((error: unknown) => {
      this.lastError = error instanceof Error ? error.message : String(error);
    });
  }

  state(): LiveSubscriberState {
    if (this.redis.status === 'ready') return { connected: true };
    return {
      connected: false,
      detail: `Redis live feed ${this.redis.status}${this.lastError === undefined ? '' : `: ${this.lastError}`}`,
    };
  }

  close(): Promise<void> {
    this.redis.disconnect();
    return Promise.resolve();
  }
}
