import type { Scenario } from '../../scenario';
import { startServerProcess } from '../../servers/server-process';
import { PAYLOAD_BYTES, requestId, requestJson } from '../payload';
import { PendingCalls } from '../pending-calls';
import { laterOf } from './later-of';
import { closeRedis, redisClient } from './redis-client';

/**
 * One-way over Redis Pub/Sub with ioredis: PUBLISH on a per-run channel; a subscriber in a server process
 * of its own parses each message; the call ends when that handler has it (and PUBLISH has answered).
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
    const pending = new PendingCalls<bigint>();
    const subscriber = await startServerProcess(
      context,
      'redis-subscriber-raw',
      { url: context.endpoints.redisUrl, channel },
      {
        uses: ['redis'],
        onReceipt: (id, at) => {
          pending.settle(id, at);
        },
      },
    );
    const publisher = redisClient(context.endpoints.redisUrl);
    const close = async () => {
      pending.failAll(new Error('closed'));
      await closeRedis(publisher);
      await subscriber.stop();
    };
    try {
      await publisher.connect();
      let seq = 0;
      return {
        placement: 'publisher in the bench process, subscriber in a process of its own; Redis external',
        payloadBytes: { request: PAYLOAD_BYTES.requestJson },
        call: () => {
          const id = requestId(seq++);
          const handled = pending.wait(id);
          const published = publisher.publish(channel, requestJson(id)).then(() => process.hrtime.bigint());
          return Promise.all([published, handled]).then(laterOf);
        },
        processes: subscriber.processes,
        close,
      };
    } catch (error) {
      await close();
      throw error;
    }
  },
};
