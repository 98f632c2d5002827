import { type ThrowawayVhost, throwawayVhost, waitFor } from '@commlab/testing';
import type { Logger } from '@nestjs/common';

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
});
