import { type ThrowawayVhost, throwawayVhost, waitFor } from '@commlab/testing';
import type { Logger } from '@nestjs/common';

import { CommlabRmqClient, CommlabRmqServer } from '../src';

/**
 * A channel whose setup fails (here: its topology rejects, as when the broker closes the channel or the
 * connection drops mid-declare) must be logged, not an unhandled 'error' event: NestJS listens for none on
 * its channels, and one crashed a Jest run of order-service's e2e tests (a client's setup, mid-test).
 */
describe('a failed RabbitMQ channel setup (real RabbitMQ)', () => {
  let vhost: ThrowawayVhost;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  const failingTopology = () => Promise.reject(new Error('topology refused (test)'));

  beforeAll(async () => {
    vhost = await throwawayVhost('rmq-setup-failure');
    process.on('unhandledRejection', onUnhandled);
  }, 30_000);

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await vhost.drop();
  });

  beforeEach(() => {
    unhandled.length = 0;
  });

  const warningsOf = (transport: object): string[] => {
    const warnings: string[] = [];
    const logger = (transport as { logger: Logger }).logger;
    jest.spyOn(logger, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
    jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    return warnings;
  };

  const expectLoggedNotThrown = async (warnings: string[]) => {
    await waitFor(() => warnings.find((warning) => warning.includes('topology refused')), {
      timeoutMs: 10_000,
      description: 'a warning about the failed channel setup',
    });
    // An unhandled rejection is reported after the microtasks of the turn that rejected.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(warnings.join('\n')).toMatch(/RabbitMQ channel setup failed.*topology refused \(test\)/);
    expect(unhandled).toEqual([]);
  };

  it('the client logs it', async () => {
    const client = new CommlabRmqClient({
      urls: [vhost.url],
      queue: 'commlab.setup-failure-test',
      topology: failingTopology,
    });
    const warnings = warningsOf(client);
    // connect() waits for a setup that never succeeds: not awaited.
    void client.connect().catch(() => undefined);
    try {
      await expectLoggedNotThrown(warnings);
    } finally {
      await client.close();
    }
  });

  it('the server logs it', async () => {
    const server = new CommlabRmqServer({
      urls: [vhost.url],
      queue: 'commlab.setup-failure-test',
      topology: failingTopology,
      connectInBackground: true,
    });
    const warnings = warningsOf(server);
    try {
      await server.listen(() => undefined);
      await expectLoggedNotThrown(warnings);
    } finally {
      await server.close();
    }
  });
});
