import type { Scenario } from '../../scenario';
import { startServerProcess } from '../../servers/server-process';
import { connectAmqp } from '../amqp-connect';
import { PAYLOAD_BYTES, parseReply, requestId, requestJson } from '../payload';
import { PendingCalls } from '../pending-calls';

const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';

/**
 * RabbitMQ RPC baseline with amqplib: the client publishes to a bench-owned queue with
 * `replyTo: amq.rabbitmq.reply-to` (direct reply-to: no reply queue) and a correlation id; a consumer in
 * a server process of its own parses the request and publishes the fixed reply to that address.
 * The queue is exclusive and auto-deleted, named per run (`bench.raw.rpc.<run>`), never one of commlab's.
 */
export const rabbitMqRpcRaw: Scenario = {
  name: 'rr.rabbitmq.raw',
  group: 'request-reply',
  transport: 'rabbitmq',
  kind: 'raw',
  description: 'amqplib RPC with direct reply-to on a bench-owned exclusive queue',
  needs: ['rabbitmq'],
  async setup(context) {
    const queue = `bench.raw.rpc.${context.runId}`;
    const server = await startServerProcess(
      context,
      'rabbitmq-rpc-raw',
      { url: context.endpoints.rabbitmqUrl, queue },
      { uses: ['rabbitmq'] },
    );
    const clientConnection = await connectAmqp(context.endpoints.rabbitmqUrl, 'rpc client').catch(
      async (error: unknown) => {
        await server.stop();
        throw error;
      },
    );
    const close = async () => {
      await clientConnection.close().catch(() => undefined);
      await server.stop();
    };
    try {
      const pending = new PendingCalls();
      const clientChannel = await clientConnection.createChannel();
      // Direct reply-to: consume the pseudo-queue (no-ack) before publishing with it as replyTo.
      await clientChannel.consume(
        DIRECT_REPLY_TO,
        (message) => {
          if (message === null) return;
          const id = message.properties.correlationId as string;
          try {
            parseReply(message.content);
            pending.settle(id);
          } catch (error) {
            pending.fail(id, error as Error);
          }
        },
        { noAck: true },
      );
      clientConnection.on('close', () => {
        pending.failAll(new Error('RabbitMQ connection closed'));
      });
      let seq = 0;

      return {
        placement: 'client in the bench process, consumer in a process of its own; RabbitMQ external',
        payloadBytes: { request: PAYLOAD_BYTES.requestJson, reply: PAYLOAD_BYTES.replyJson },
        call: () => {
          const id = requestId(seq++);
          const replied = pending.wait(id);
          clientChannel.sendToQueue(queue, requestJson(id), { replyTo: DIRECT_REPLY_TO, correlationId: id });
          return replied;
        },
        processes: server.processes,
        close,
      };
    } catch (error) {
      await close();
      throw error;
    }
  },
};
