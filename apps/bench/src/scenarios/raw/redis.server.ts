import type { RunningServer, ServerIo, ServerKinds } from '../../servers/server-kinds';
import { parseRequestId } from '../payload';
import { closeRedis, redisClient } from './redis-client';

/**
 * `ow.redis.raw`'s subscriber: an ioredis connection SUBSCRIBEd to the run's channel that parses each
 * message and reports its id as received. Ready once subscribed.
 */
export async function startRedisSubscriber(
  { url, channel }: ServerKinds['redis-subscriber-raw']['params'],
  io: ServerIo,
): Promise<RunningServer<Record<string, never>>> {
  const subscriber = redisClient(url);
  try {
    await subscriber.connect();
    subscriber.on('messageBuffer', (_channel: Buffer, message: Buffer) => {
      io.receipt(parseRequestId(message));
    });
    await subscriber.subscribe(channel);
    return { ready: {}, close: () => closeRedis(subscriber) };
  } catch (error) {
    await closeRedis(subscriber);
    throw error;
  }
}
