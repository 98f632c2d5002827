import { KAFKA_CONSUMER_GROUPS, KAFKA_TOPICS, kafkaTopicLayout } from '@commlab/contracts';
import { type KafkaLite, startKafkaLite } from '@commlab/kafka-lite';
import { freePort, waitFor } from '@commlab/testing';
import { type Admin, Kafka, logLevel, type Producer } from 'kafkajs';

import { runCli, startCli } from './support/cli-process';

jest.setTimeout(90_000);

/** `pnpm lag …` as a user runs it, with KAFKA_BROKERS as the only setting. */
const cli = (args: readonly string[], brokers: string) => startCli('lag', args, { KAFKA_BROKERS: brokers });
const run = (args: readonly string[], brokers: string) => runCli('lag', args, { KAFKA_BROKERS: brokers });

/**
 * `pnpm lag` against an in-process kafka-lite with commlab's topics: the reporting group has committed
 * some offsets and no consumer runs (as when the tutorial stops reporting-service), so the lag is
 * exactly what was produced past the commits.
 */
describe('pnpm lag', () => {
  let lite: KafkaLite;
  let admin: Admin;
  let producer: Producer;

  async function produce(topic: string, partition: number, count: number): Promise<void> {
    await producer.send({
      topic,
      messages: Array.from({ length: count }, (_, index) => ({
        partition,
        value: `record ${String(index)}`,
      })),
    });
  }

  beforeAll(async () => {
    lite = await startKafkaLite({
      logLevel: 'error',
      topics: kafkaTopicLayout(),
      groupInitialRebalanceDelayMs: 0,
    });
    const kafka = new Kafka({ clientId: 'lag-e2e', brokers: [lite.bootstrap], logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await Promise.all([admin.connect(), producer.connect()]);
    await produce(KAFKA_TOPICS.orders, 0, 5);
    await produce(KAFKA_TOPICS.orders, 1, 2);
    await produce(KAFKA_TOPICS.inventory, 2, 1);
    // reporting read 3 of orders/0 and all of orders/1, then stopped; it never committed on inventory.
    await admin.setOffsets({
      groupId: KAFKA_CONSUMER_GROUPS.reporting,
      topic: KAFKA_TOPICS.orders,
      partitions: [
        { partition: 0, offset: '3' },
        { partition: 1, offset: '2' },
      ],
    });
  }, 30_000);

  afterAll(async () => {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
    await lite.close();
  });

  it("prints the reporting group's committed offsets, high watermarks and lag per partition", async () => {
    const { code, stdout, stderr } = await run([], lite.bootstrap);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toEqual([
      `consumer group reporting: no members (Empty) on ${lite.bootstrap}`,
      'topic      partition  committed  high watermark  lag',
      'orders             0          3               5    2',
      'orders             1          2               2    0',
      'orders             2          —               0    0',
      'inventory          0          —               0    0',
      'inventory          1          —               0    0',
      'inventory          2          —               1    1',
      'total lag: 3',
      '— = nothing committed yet: the lag counts from the log start',
    ]);
  });

  it('takes another group and topics, and names a topic that does not exist', async () => {
    const { code, stdout } = await run(
      ['--group', 'nobody', '--topic', KAFKA_TOPICS.orders, '--topic', 'no-such-topic'],
      lite.bootstrap,
    );
    expect(code).toBe(0);
    expect(stdout).toContain('consumer group nobody: no members');
    expect(stdout).toMatch(/^orders\s+0\s+—\s+5\s+5$/m);
    expect(stdout).toContain('no-such-topic: no such topic (nothing created it yet)');
    expect(stdout).toContain('total lag: 7');
  });

  it('--watch prints one line per tick while the lag grows, and stops at Ctrl-C', async () => {
    const watching = cli(['--watch', '0.2'], lite.bootstrap);
    try {
      await waitFor(
        () =>
          /^\d\d:\d\d:\d\d {2}total lag 3 {2}\(orders 0:2 1:0 2:0, inventory 0:0 1:0 2:1\) {2}no members \(Empty\)$/m.test(
            watching.stdout(),
          ),
        { timeoutMs: 30_000, description: 'a first watch line' },
      );
      await produce(KAFKA_TOPICS.orders, 1, 4);
      await waitFor(
        () => watching.stdout().includes('total lag 7  (orders 0:2 1:4 2:0, inventory 0:0 1:0 2:1)'),
        { timeoutMs: 10_000, description: 'a line with the grown lag' },
      );
    } finally {
      watching.child.kill('SIGINT');
    }
    expect(await watching.exited).toBe(0);
    expect(watching.stdout()).toContain('commlab lag: consumer group reporting on orders, inventory');
  });

  it('exits 1 within seconds, saying to start kafka-lite, when Kafka is unreachable', async () => {
    const broker = `127.0.0.1:${String(await freePort())}`;
    const { code, stdout, stderr } = await run([], broker);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`cannot reach Kafka at ${broker}`);
    expect(stderr).toContain('Is pnpm start (kafka-lite) running?');
  });

  it('prints its usage with --help, and exits 2 on a bad argument', async () => {
    const help = await run(['--help'], lite.bootstrap);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: pnpm lag [--group G] [--topic T]… [--watch SECONDS]');
    const bad = await run(['--group', 'two words'], lite.bootstrap);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--group must be');
  });
});
