import { deadLetterQueue, RABBITMQ_QUEUES } from '@commlab/contracts';
import { freePort, type ThrowawayVhost, throwawayVhost, waitFor } from '@commlab/testing';
import type { Logger } from '@nestjs/common';
import type { RmqContext } from '@nestjs/microservices';
import amqp from 'amqplib';
import { firstValueFrom, timeout } from 'rxjs';

import { ackRmqMessage, CommlabRmqClient, CommlabRmqServer, RabbitMqUnreachableError } from '../src';

/** CommlabRmqServer against a real RabbitMQ: how it routes, and what happens when its consumer cannot start. */
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

  it('a malformed x-death header does not cost the queue its consumer (found by pnpm fuzz)', async () => {
    // RabbitMQ's own dead-lettering crashes a queue on such a header and cancels its consumers; the
    // server requeues the message without it first, so NestJS's nack (no handler here) dead-letters a
    // clean copy and the consumer stays.
    const queue = RABBITMQ_QUEUES.notificationsSend;
    const server = new CommlabRmqServer({ urls: [vhost.url], queue, connectInBackground: true });
    const logger = (server as unknown as { logger: Logger }).logger;
    jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const connection = await amqp.connect(vhost.url);
    try {
      await server.listen(() => undefined);
      const channel = await connection.createConfirmChannel();
      await waitFor(async () => (await channel.checkQueue(queue)).consumerCount === 1, {
        timeoutMs: 10_000,
        description: `a consumer on ${queue}`,
      });
      const packet = (n: number) => Buffer.from(JSON.stringify({ pattern: 'fuzz.unknown', data: { n } }));
      channel.sendToQueue(queue, packet(1), { headers: { 'x-death': [1, 2] }, messageId: 'malformed' });
      await channel.waitForConfirms();
      await new Promise((resolve) => setTimeout(resolve, 500));
      channel.sendToQueue(queue, packet(2), { messageId: 'clean' });
      await channel.waitForConfirms();
      const dlq = deadLetterQueue(queue);
      await waitFor(async () => (await channel.checkQueue(dlq)).messageCount === 2, {
        timeoutMs: 10_000,
        description: `both messages in ${dlq}`,
      });
      expect(await channel.checkQueue(queue)).toMatchObject({ messageCount: 0, consumerCount: 1 });
      const first = await channel.get(dlq, { noAck: true });
      expect(first !== false && first.properties.messageId).toBe('malformed');
      expect(first !== false && Array.isArray(first.properties.headers?.['x-death'])).toBe(true);
      expect(unhandled).toEqual([]);
    } finally {
      await connection.close();
      await server.close();
    }
  });

  it('routes string, number and object patterns to their handlers, as NestJS does', async () => {
    const queue = 'commlab.test.routes';
    const server = new CommlabRmqServer({
      urls: [vhost.url],
      queue,
      setup: async (channel) => {
        await channel.assertQueue(queue, { durable: false, autoDelete: true });
      },
    });
    const answer = (name: string) => (_data: unknown, context: RmqContext) => {
      ackRmqMessage(context);
      return Promise.resolve(name);
    };
    server.addHandler('routes.plain', answer('plain'));
    server.addHandler('42', answer('number'));
    server.addHandler({ cmd: 'routes', version: 2 }, answer('object'));
    const client = new CommlabRmqClient({ urls: [vhost.url], queue, persistent: false });
    try {
      // listen() returns before the consumer exists; its callback runs once the queue is declared and consumed.
      await new Promise<void>((resolve, reject) => {
        server
          .listen(() => {
            resolve();
          })
          .catch(reject);
      });
      const ask = (pattern: string | number | Record<string, unknown>) =>
        firstValueFrom(client.send<string>(pattern, {}).pipe(timeout(10_000)));
      expect(await ask('routes.plain')).toBe('plain');
      expect(await ask(42)).toBe('number');
      // The client sends an object pattern as JSON with sorted keys; the server parses it back.
      expect(await ask({ version: 2, cmd: 'routes' })).toBe('object');
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('a client that cannot connect rejects with RabbitMqUnreachableError naming why', async () => {
    const client = new CommlabRmqClient({
      urls: [`amqp://guest:guest@127.0.0.1:${String(await freePort())}`],
      queue: 'commlab.test.unreachable',
      socketOptions: { reconnectTimeInSeconds: 1 },
    });
    try {
      const failure: unknown = await client.connect().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(RabbitMqUnreachableError);
      expect((failure as Error).message).toMatch(/^RabbitMQ unreachable: .*ECONNREFUSED/);
    } finally {
      await client.close();
    }
  });
});
