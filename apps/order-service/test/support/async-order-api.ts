import { REDIS_CHANNELS } from '@commlab/contracts';
import type { LiveFeedLine } from '@commlab/messaging';
import { requireRedis, waitFor } from '@commlab/testing';
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

/** GET /orders/{id} until the order leaves PENDING; its final state. */
export function leftPending<Body extends { status: string }>(
  get: () => Promise<Body>,
  timeoutMs = 30_000,
): Promise<Body> {
  return waitFor(
    async () => {
      const current = await get();
      return current.status === 'PENDING' ? undefined : current;
    },
    { timeoutMs, description: 'the order to leave PENDING' },
  );
}

/** inventory's stock of one SKU, as its REST API shows it. */
export async function availableStock(inventoryUrl: string, sku: string): Promise<number> {
  const response = await fetch(`${inventoryUrl}/stock/${sku}`);
  return ((await response.json()) as { available: number }).available;
}
