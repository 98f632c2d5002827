import { type ThrowawayVhost, throwawayVhost, waitFor } from '@commlab/testing';
import type { Logger } from '@nestjs/common';

import amqp from 'amqplib';

import { CommlabRmqServer } from '../src';

/** CommlabRmqServer against a real RabbitMQ: what happens when its consumer cannot start. */
describe('CommlabRmqServer (real RabbitMQ)', () => {
  let vhost: ThrowawayVhost;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };

  beforeAll(async () => {
    vhost = await throwawayVhost('rmq-server');
    process.on('unhandledRejection', onUnhandled);
  }, 30_000);

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await vhost.drop();
  });

  it('logs a consumer the broker refuses (no such queue) instead of leaving an unhandled rejection', async () => {
    // noAssert: the queue is not declared, and `commlab.no-such-queue` is not in the topology.
    const server = new CommlabRmqServer({
      urls: [vhost.url],
      queue: 'commlab.no-such-queue',
      connectInBackground: true,
      socketOptions: { reconnectTimeInSeconds: 1 },
    });
    const warnings: string[] = [];
    const logger = (server as unknown as { logger: Logger }).logger;
    jest.spyOn(logger, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
    jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    try {
      await server.listen(() => undefined);
      await waitFor(() => warnings.find((warning) => warning.includes('commlab.no-such-queue')), {
        timeoutMs: 10_000,
        description: 'a warning about the refused consumer',
      });
      // An unhandled rejection is reported after the microtasks of the turn that rejected.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(warnings.join('\n')).toMatch(/consumer on commlab\.no-such-queue not started.*NOT_FOUND/);
      expect(unhandled).toEqual([]);
    } finally {
      await server.close();
    }
  });

  // Found by pnpm fuzz: RabbitMQ cancels consumers when a queue's process crashes (or the queue is
  // deleted); NestJS ignored amqplib's null "cancelled" message and never consumed the queue again.
  it('consumes again after RabbitMQ cancelled its consumer', async () => {
    const queue = 'notifications.send';
    const server = new CommlabRmqServer({
      urls: [vhost.url],
      queue,
      connectInBackground: true,
      socketOptions: { reconnectTimeInSeconds: 1 },
    });
    const logger = (server as unknown as { logger: Logger }).logger;
    jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const connection = await amqp.connect(vhost.url);
    // A plain channel per check: checkQueue on a missing queue closes the channel it ran on.
    const consumers = async () => {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      try {
        return (await channel.checkQueue(queue)).consumerCount;
      } catch {
        return -1;
      } finally {
        await channel.close().catch(() => undefined);
      }
    };
    try {
      await server.listen(() => undefined);
      await waitFor(async () => (await consumers()) === 1, {
        timeoutMs: 10_000,
        description: 'the consumer',
      });
      const admin = await connection.createChannel();
      await admin.deleteQueue(queue); // RabbitMQ cancels the consumer
      await admin.close();
      await waitFor(async () => (await consumers()) === 1, {
        timeoutMs: 15_000,
        description: 'the queue declared again and consumed',
      });
      expect(await consumers()).toBe(1);
    } finally {
      await server.close();
      await connection.close();
    }
  });
});
