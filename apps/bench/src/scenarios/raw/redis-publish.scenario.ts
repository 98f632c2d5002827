import Redis from 'ioredis';

import type { Scenario } from '../../scenario';
import { PAYLOAD_BYTES, parseRequestId, requestId, requestJson } from '../payload';
import { PendingCalls } from '../pending-calls';

function redisClient(url: string): Redis {
  // ioredis turns TCP_NODELAY on by default; say so anyway, the bench checks it.
  const client = new Redis(url, {
    noDelay: true,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
  });
  client.on('error', () => undefined); // surfaced through the failing calls
  return client;
}

/**
 * One-way over Redis Pub/Sub with ioredis: PUBLISH on a per-run channel; a subscriber connection parses
 * each message; the call ends when that handler has it (and PUBLISH has answered).
 */
export const redisPublishRaw: Scenario = {
  name: 'ow.redis.raw',
  group: 'one-way',
  transport: 'redis',
  kind: 'raw',
  description: 'ioredis PUBLISH → subscriber connection',
  needs: ['redis'],
  async setup(context) {
    const channel = `bench.raw.oneway.${context.runId}`;
    const subscriber = redisClient(context.endpoints.redisUrl);
    const publisher = redisClient(context.endpoints.redisUrl);
    const close = async () => {
      await publisher.quit().catch(() => undefined);
      await subscriber.quit().catch(() => undefined);
      publisher.disconnect();
      subscriber.disconnect();
    };
    try {
      await subscriber.connect();
      await publisher.connect();
      const pending = new PendingCalls();
      subscriber.on('messageBuffer', (_channel: Buffer, message: Buffer) => {
        pending.settle(parseRequestId(message));
      });
      await subscriber.subscribe(channel);
      let seq = 0;
      return {
        placement: 'publisher and subscriber in the bench process; Redis external',
        payloadBytes: { request: PAYLOAD_BYTES.requestJson },
        call: () => {
          const id = requestId(seq++);
          const handled = pending.wait(id);
          return Promise.all([publisher.publish(channel, requestJson(id)), handled]).then(() => undefined);
        },
        close,
      };
    } catch (error) {
      await close();
      throw error;
    }
  },
};
