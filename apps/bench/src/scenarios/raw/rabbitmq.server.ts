import type { Channel, ConsumeMessage } from 'amqplib';

import type { RunningServer, ServerIo, ServerKinds } from '../../servers/server-kinds';
import { connectAmqp } from '../amqp-connect';
import { parseRequestId, REPLY_JSON } from '../payload';

type Params = ServerKinds['rabbitmq-rpc-raw']['params'];

/**
 * An amqplib consumer (no-ack) of the bench-owned queue, which it declares exclusive and auto-deleted (gone
 * with its connection); ready once it consumes.
 */
async function consumeQueue(
  { url, queue }: Params,
  name: string,
  onMessage: (channel: Channel, message: ConsumeMessage) => void,
): Promise<RunningServer<Record<string, never>>> {
  const connection = await connectAmqp(url, name);
  try {
    const channel = await connection.createChannel();
    await channel.assertQueue(queue, { exclusive: true, autoDelete: true, durable: false });
    await channel.consume(
      queue,
      (message) => {
        if (message !== null) onMessage(channel, message);
      },
      { noAck: true },
    );
    return { ready: {}, close: () => connection.close().catch(() => undefined) };
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
}

/**
 * `rr.rabbitmq.raw`'s server: parses each request and publishes the fixed reply to its `replyTo` (direct
 * reply-to) with its correlation id.
 */
export function startRabbitMqRpcServer(params: Params): Promise<RunningServer<Record<string, never>>> {
  return consumeQueue(params, 'rpc server', (channel, message) => {
    parseRequestId(message.content);
    channel.sendToQueue(message.properties.replyTo as string, REPLY_JSON, {
      correlationId: message.properties.correlationId as string,
    });
  });
}

/** The one-way RabbitMQ rows' consumer: parses each message and reports its id as received. */
export function startRabbitMqConsumer(
  params: Params,
  io: ServerIo,
): Promise<RunningServer<Record<string, never>>> {
  return consumeQueue(params, 'one-way consumer', (_channel, message) => {
    io.receipt(parseRequestId(message.content));
  });
}
