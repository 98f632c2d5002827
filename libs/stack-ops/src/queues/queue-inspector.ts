import amqp, { type Channel, type ChannelModel } from 'amqplib';

/** What a passive declare tells about a queue. */
export interface QueueDepth {
  /** Messages ready for delivery (not counting those delivered and not yet acked). */
  ready: number;
  consumers: number;
}

/** Depths by queue name; `undefined` = the queue does not exist. */
export type QueueDepths = Map<string, QueueDepth | undefined>;

export interface QueueInspector {
  depths(names: readonly string[]): Promise<QueueDepths>;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 3_000;

/** amqplib's error for a channel the server closed with 404 NOT_FOUND (passive declare of a missing queue). */
function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 404;
}

/**
 * A read-only look at queues over plain AMQP (`queue.declare` passive, i.e. `checkQueue`): nothing is
 * declared, consumed or acked, and no management plugin is needed. A missing queue makes the server
 * close the channel with 404, so the channel is replaced after one.
 */
export async function openQueueInspector(url: string): Promise<QueueInspector> {
  const connection: ChannelModel = await amqp.connect(url, { timeout: CONNECT_TIMEOUT_MS });
  connection.on('error', () => undefined); // a lost connection surfaces as the next call's rejection
  let channel: Channel | undefined;

  const openChannel = async (): Promise<Channel> => {
    const opened = await connection.createChannel();
    opened.on('error', () => undefined); // 404 closes it; the rejected checkQueue reports that
    return opened;
  };

  return {
    depths: async (names) => {
      const result: QueueDepths = new Map();
      for (const name of names) {
        channel ??= await openChannel();
        try {
          const { messageCount, consumerCount } = await channel.checkQueue(name);
          result.set(name, { ready: messageCount, consumers: consumerCount });
        } catch (error) {
          channel = undefined;
          if (!isNotFound(error)) throw error;
          result.set(name, undefined);
        }
      }
      return result;
    },
    close: async () => {
      await connection.close().catch(() => undefined);
    },
  };
}
