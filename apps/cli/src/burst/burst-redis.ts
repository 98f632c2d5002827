import { randomBytes } from 'node:crypto';

import { ORDER_PLACED_V2, sampleMessages } from '@commlab/contracts';
import { Redis } from 'ioredis';

import type { BurstArgs } from './burst-args';
import { formatProgress, type RedisBurstResult } from './burst-report';
import { DeliveryTally } from './delivery-tally';
import { startOwnRedisServer } from './own-redis-server';

/** The subscriber is done when nothing arrived for this long after the last publish. */
const QUIET_MS = 1_500;

/** The same OrderPlaced envelope as the RabbitMQ side publishes (about 700 bytes of JSON), with its own id. */
function payload(id: string): string {
  return JSON.stringify({ ...sampleMessages()[ORDER_PLACED_V2], id, subject: id });
}

/**
 * A subscriber as slow as the RabbitMQ consumer: one message at a time, `workMs` each, and like an AMQP
 * consumer with a prefetch it holds at most `prefetch` messages — when they are all waiting it stops
 * reading its socket, so the rest piles up in Redis (the subscriber's output buffer). Redis Pub/Sub has
 * no acks and no queue: past the limit Redis drops the connection; ioredis reconnects and subscribes
 * again, and what was published meanwhile is gone.
 */
class SlowSubscriber {
  private readonly waiting: string[] = [];
  private working = false;
  private closing = false;
  disconnects = 0;

  constructor(
    private readonly redis: Redis,
    private readonly args: BurstArgs,
    private readonly tally: DeliveryTally,
  ) {
    redis.on('message', (_channel: string, message: string) => {
      this.waiting.push(message);
      if (this.waiting.length >= args.prefetch) redis.stream.pause();
      void this.work();
    });
    redis.on('close', () => {
      if (!this.closing) this.disconnects += 1;
    });
    redis.on('error', () => undefined);
  }

  async subscribe(channel: string): Promise<void> {
    await this.redis.subscribe(channel);
  }

  get idle(): boolean {
    return !this.working && this.waiting.length === 0;
  }

  private async work(): Promise<void> {
    if (this.working) return;
    this.working = true;
    for (let next = this.waiting.shift(); next !== undefined; next = this.waiting.shift()) {
      await new Promise((resolve) => setTimeout(resolve, this.args.workMs));
      this.tally.record((JSON.parse(next) as { id: string }).id);
      if (this.waiting.length < this.args.prefetch) this.redis.stream.resume();
    }
    this.working = false;
  }

  close(): void {
    this.closing = true;
    this.redis.disconnect();
  }
}

/** The Redis side of `pnpm burst`: the same burst PUBLISHed to one slow subscriber on a redis-server of its own. */
export async function runRedisBurst(
  args: BurstArgs,
  out: (line: string) => void,
  signal: AbortSignal,
): Promise<RedisBurstResult> {
  const server = await startOwnRedisServer(args.redisBufferKb);
  const channel = `commlab.burst.${randomBytes(3).toString('hex')}`;
  out(
    `  redis: channel ${channel} on its own redis-server (${server.url}), pubsub buffer limit ${String(args.redisBufferKb)} KB…`,
  );
  const ids = Array.from({ length: args.orders }, (_, i) => `${channel}-${String(i).padStart(6, '0')}`);
  const tally = new DeliveryTally(ids);
  const publisher = new Redis(server.url);
  publisher.on('error', () => undefined);
  const subscriber = new SlowSubscriber(
    new Redis(server.url, { retryStrategy: () => 50, maxRetriesPerRequest: null }),
    args,
    tally,
  );
  try {
    await subscriber.subscribe(channel);
    const started = performance.now();
    for (let i = 0; i < ids.length && !signal.aborted; i += 100) {
      await Promise.all(ids.slice(i, i + 100).map((id) => publisher.publish(channel, payload(id))));
    }
    const publishMs = performance.now() - started;
    let lastProgress = performance.now();
    while (
      !signal.aborted &&
      tally.delivered < args.orders &&
      !(subscriber.idle && tally.quietForMs > QUIET_MS)
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (performance.now() - lastProgress >= 1_000) {
        lastProgress = performance.now();
        out(
          formatProgress('redis', lastProgress - started, {
            published: args.orders,
            delivered: tally.delivered,
            disconnects: subscriber.disconnects,
          }),
        );
      }
    }
    return {
      sent: args.orders,
      publishMs,
      disconnects: subscriber.disconnects,
      bufferLimitKb: args.redisBufferKb,
      delivered: tally.delivered,
      duplicates: tally.duplicates,
      lost: tally.lost,
      elapsedMs: performance.now() - started - (subscriber.idle ? Math.min(tally.quietForMs, QUIET_MS) : 0),
    };
  } finally {
    subscriber.close();
    publisher.disconnect();
    await server.stop();
  }
}
