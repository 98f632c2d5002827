import type { ConfirmChannel } from 'amqplib';

import type { Scenario } from '../../scenario';
import { connectAmqp } from '../amqp-connect';
import { PAYLOAD_BYTES, parseRequestId, requestId, requestJson } from '../payload';
import { PendingCalls } from '../pending-calls';

function publishWithConfirm(channel: ConfirmChannel, queue: string, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    channel.sendToQueue(queue, body, {}, (error) => {
      if (error) reject(error instanceof Error ? error : new Error('nacked'));
      else resolve();
    });
  });
}

/**
 * One-way over RabbitMQ with amqplib: publish to a bench-owned exclusive queue, a consumer on another
 * connection parses the message; the call ends when that handler has it. With confirms, the call also
 * waits for the broker's publisher confirm (whichever comes last), as a publisher that needs to know the
 * broker took the message must.
 */
function rabbitMqPublish(confirms: boolean): Scenario {
  const variant = confirms ? 'confirm' : 'plain';
  return {
    name: `ow.rabbitmq.raw.${variant}`,
    group: 'one-way',
    transport: 'rabbitmq',
    kind: 'raw',
    description: confirms
      ? 'amqplib publish on a confirm channel → consumer (waits for confirm and handler)'
      : 'amqplib publish on a plain channel (no confirms) → consumer',
    needs: ['rabbitmq'],
    async setup(context) {
      const queue = `bench.raw.oneway.${variant}.${context.runId}`;
      const consumerConnection = await connectAmqp(context.endpoints.rabbitmqUrl, `${variant} consumer`);
      const publisherConnection = await connectAmqp(context.endpoints.rabbitmqUrl, `${variant} publisher`);
      const close = async () => {
        await publisherConnection.close().catch(() => undefined);
        await consumerConnection.close().catch(() => undefined);
      };
      try {
        const pending = new PendingCalls();
        const consumerChannel = await consumerConnection.createChannel();
        await consumerChannel.assertQueue(queue, { exclusive: true, autoDelete: true, durable: false });
        await consumerChannel.consume(
          queue,
          (message) => {
            if (message !== null) pending.settle(parseRequestId(message.content));
          },
          { noAck: true },
        );
        publisherConnection.on('close', () => {
          pending.failAll(new Error('RabbitMQ connection closed'));
        });
        let seq = 0;
        let call: () => Promise<void>;
        if (confirms) {
          const channel = await publisherConnection.createConfirmChannel();
          call = () => {
            const id = requestId(seq++);
            const handled = pending.wait(id);
            return Promise.all([publishWithConfirm(channel, queue, requestJson(id)), handled]).then(
              () => undefined,
            );
          };
        } else {
          const channel = await publisherConnection.createChannel();
          call = async () => {
            const id = requestId(seq++);
            const handled = pending.wait(id);
            if (!channel.sendToQueue(queue, requestJson(id)))
              await new Promise((resolve) => channel.once('drain', resolve));
            return handled;
          };
        }
        return {
          placement: 'publisher and consumer in the bench process; RabbitMQ external',
          payloadBytes: { request: PAYLOAD_BYTES.requestJson },
          call,
          close,
        };
      } catch (error) {
        await close();
        throw error;
      }
    },
  };
}

export const rabbitMqPublishConfirmRaw = rabbitMqPublish(true);
export const rabbitMqPublishPlainRaw = rabbitMqPublish(false);
