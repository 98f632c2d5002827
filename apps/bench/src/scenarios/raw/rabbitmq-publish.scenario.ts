import type { ConfirmChannel } from 'amqplib';

import type { Scenario } from '../../scenario';
import { startServerProcess } from '../../servers/server-process';
import { connectAmqp } from '../amqp-connect';
import { PAYLOAD_BYTES, requestId, requestJson } from '../payload';
import { PendingCalls } from '../pending-calls';
import { laterOf } from './later-of';

/** Publishes on a confirm channel; resolves with when (process.hrtime.bigint()) the broker confirmed. */
function publishWithConfirm(channel: ConfirmChannel, queue: string, body: Buffer): Promise<bigint> {
  return new Promise((resolve, reject) => {
    channel.sendToQueue(queue, body, {}, (error) => {
      if (error) reject(error instanceof Error ? error : new Error('nacked'));
      else resolve(process.hrtime.bigint());
    });
  });
}

/**
 * One-way over RabbitMQ with amqplib: publish to a bench-owned exclusive queue, a consumer in a server
 * process of its own parses the message; the call ends when that handler has it (its receipt's time). With confirms, the call also
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
      const pending = new PendingCalls<bigint>();
      const consumer = await startServerProcess(
        context,
        'rabbitmq-consumer-raw',
        { url: context.endpoints.rabbitmqUrl, queue },
        {
          uses: ['rabbitmq'],
          onReceipt: (id, at) => {
            pending.settle(id, at);
          },
        },
      );
      const publisherConnection = await connectAmqp(
        context.endpoints.rabbitmqUrl,
        `${variant} publisher`,
      ).catch(async (error: unknown) => {
        await consumer.stop();
        throw error;
      });
      const close = async () => {
        pending.failAll(new Error('closed'));
        await publisherConnection.close().catch(() => undefined);
        await consumer.stop();
      };
      try {
        publisherConnection.on('close', () => {
          pending.failAll(new Error('RabbitMQ connection closed'));
        });
        let seq = 0;
        let call: () => Promise<bigint>;
        if (confirms) {
          const channel = await publisherConnection.createConfirmChannel();
          call = () => {
            const id = requestId(seq++);
            const handled = pending.wait(id);
            return Promise.all([publishWithConfirm(channel, queue, requestJson(id)), handled]).then(laterOf);
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
          placement: 'publisher in the bench process, consumer in a process of its own; RabbitMQ external',
          payloadBytes: { request: PAYLOAD_BYTES.requestJson },
          call,
          processes: consumer.processes,
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
