import { RABBITMQ_QUEUES } from '@commlab/contracts';
import { assertCommlabTopology } from '@commlab/messaging-rabbitmq';
import { freePort, type ThrowawayVhost, throwawayVhost, waitFor } from '@commlab/testing';
import amqp, { type ChannelModel } from 'amqplib';

import { runCli, startCli } from './support/cli-process';

jest.setTimeout(90_000);

/** `pnpm queues …` as a user runs it, with RABBITMQ_URL as the only setting. */
const cli = (args: readonly string[], url: string) => startCli('queues', args, { RABBITMQ_URL: url });
const run = (args: readonly string[], url: string) => runCli('queues', args, { RABBITMQ_URL: url });

/** `pnpm queues` against a real RabbitMQ, in a vhost of its own holding commlab's topology. */
describe('pnpm queues', () => {
  let vhost: ThrowawayVhost;
  let connection: ChannelModel | undefined;

  beforeAll(async () => {
    vhost = await throwawayVhost('queues');
  }, 30_000);

  afterAll(async () => {
    await connection?.close().catch(() => undefined);
    await vhost.drop();
  }, 30_000);

  it('shows — for every queue while nothing declared the topology', async () => {
    const { code, stdout, stderr } = await run([], vhost.url);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^queue\s+ready\s+consumers$/m);
    expect(stdout).toMatch(/^notifications\.send\s+—\s+—$/m);
    expect(stdout).toMatch(/^notification\.order-events\.dlq\s+—\s+—$/m);
    expect(stdout).toContain('— = the queue does not exist yet');
  });

  it('shows the messages ready in a queue and the consumers attached to another', async () => {
    connection = await amqp.connect(vhost.url);
    const publisher = await connection.createConfirmChannel();
    await assertCommlabTopology(publisher);
    for (const job of ['a', 'b', 'c']) {
      publisher.sendToQueue(RABBITMQ_QUEUES.inventoryCommands, Buffer.from(job), { persistent: true });
    }
    await publisher.waitForConfirms();
    const consumer = await connection.createChannel();
    await consumer.consume(RABBITMQ_QUEUES.notificationsSend, () => undefined);

    const { code, stdout } = await run([], vhost.url);
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toEqual([
      'queue                                ready  consumers',
      'notifications.send                       0          1',
      'notifications.send.retry                 0          0',
      'notifications.send.dlq                   0          0',
      'inventory.commands                       3          0',
      'inventory.commands.retry                 0          0',
      'inventory.commands.dlq                   0          0',
      'inventory.rpc                            0          0',
      'notification.order-events                0          0',
      'notification.order-events.retry          0          0',
      'notification.order-events.dlq            0          0',
      'inventory.order-cancellations            0          0',
      'inventory.order-cancellations.retry      0          0',
      'inventory.order-cancellations.dlq        0          0',
    ]);
  });

  it('--watch prints one line per tick, follows changes and stops at Ctrl-C', async () => {
    const watching = cli(['--watch', '0.2'], vhost.url);
    try {
      await waitFor(
        () =>
          /^\d\d:\d\d:\d\d {2}notifications\.send 0\/1 {2}inventory\.commands 3\/0 {2}inventory\.rpc 0\/0 {2}notification\.order-events 0\/0 {2}inventory\.order-cancellations 0\/0$/m.test(
            watching.stdout(),
          ),
        { timeoutMs: 30_000, description: 'a first watch line' },
      );
      const publisher = await connection!.createConfirmChannel();
      publisher.sendToQueue('inventory.commands.dlq', Buffer.from('dead'), { persistent: true });
      await publisher.waitForConfirms();
      await waitFor(() => watching.stdout().includes('inventory.commands 3/0 (dlq 1)'), {
        timeoutMs: 10_000,
        description: 'a line showing the dead letter',
      });
    } finally {
      watching.child.kill('SIGINT');
    }
    expect(await watching.exited).toBe(0);
    expect(watching.stdout()).toContain('ready/consumers per queue every 0.2 s');
  });

  it('exits 1 with a clear message when RabbitMQ is unreachable', async () => {
    const port = await freePort();
    const { code, stdout, stderr } = await run([], `amqp://guest:guest@127.0.0.1:${String(port)}`);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`cannot connect to RabbitMQ at amqp://guest:***@127.0.0.1:${String(port)}`);
    expect(stderr).toContain('Is RabbitMQ running at RABBITMQ_URL?');
  });

  it('prints its usage with --help, and exits 2 on a bad argument', async () => {
    const help = await run(['--help'], vhost.url);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: pnpm queues [--watch SECONDS]');
    const bad = await run(['--watch', 'often'], vhost.url);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--watch takes a number of seconds');
  });
});
