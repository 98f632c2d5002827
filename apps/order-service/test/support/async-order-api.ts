import { REDIS_CHANNELS } from '@commlab/contracts';
import type { LiveFeedLine } from '@commlab/messaging';
import { requireRedis } from '@commlab/testing';
import Redis from 'ioredis';

/** GET /orders/{id} of an async order, as the async tests read it. */
export interface AsyncOrderBody {
  id: string;
  status: string;
  mode: string;
  items: { sku: string; quantity: number; unitPriceCents: number }[];
  totalCents: number;
  currency: string | null;
  rejection: { reason: string; skus: string[] } | null;
}

export interface LiveFeedListener {
  /** Every line received on `commlab.live` since `listenToLiveFeed`, in order. */
  lines: LiveFeedLine[];
  stop(): void;
}

/** A subscriber of the fire-and-forget live feed (Redis Pub/Sub `commlab.live`), as watchers see it. */
export async function listenToLiveFeed(): Promise<LiveFeedListener> {
  const subscriber = new Redis(await requireRedis());
  const lines: LiveFeedLine[] = [];
  await subscriber.subscribe(REDIS_CHANNELS.live);
  subscriber.on('message', (_channel: string, line: string) => {
    lines.push(JSON.parse(line) as LiveFeedLine);
  });
  return {
    lines,
    stop: () => {
      subscriber.disconnect();
    },
  };
}
