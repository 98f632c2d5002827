import { appendFile, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startKafkaLite, type KafkaLite, type KafkaLiteOptions } from '@commlab/kafka-lite';
import { ConfigResourceTypes, type Admin, type Kafka, type Producer } from 'kafkajs';
import { TEST_GROUP_SETTINGS } from './support/broker';
import {
  collect,
  fastConsumer,
  kafkaClient,
  producerOptions,
  waitForCount,
  type Received,
} from './support/kafkajs';

jest.setTimeout(30_000);

describe('kafka-lite --data-dir persistence', () => {
  let dataDir: string;
  let lite: KafkaLite | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kafka-lite-data-'));
  });

  afterEach(async () => {
    await lite?.close();
    lite = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(options: KafkaLiteOptions = {}): Promise<Kafka> {
    await lite?.close();
    lite = await startKafkaLite({ dataDir, logLevel: 'error', ...TEST_GROUP_SETTINGS, ...options });
    return kafkaClient([lite.bootstrap]);
  }

  async function connectClients(kafka: Kafka): Promise<{ admin: Admin; producer: Producer }> {
    const admin = kafka.admin();
    const producer = kafka.producer(producerOptions);
    await Promise.all([admin.connect(), producer.connect()]);
    return { admin, producer };
  }

  async function readAll(kafka: Kafka, topic: string, count: number): Promise<Received[]> {
    const consumer = kafka.consumer(fastConsumer(`reader-${Date.now()}-${Math.random()}`));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got = await collect(consumer);
    try {
      await waitForCount(got, count, `read ${count} from ${topic}`);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await consumer.disconnect();
    }
    return got.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
  }

  it('keeps topics, messages and committed offsets across a restart', async () => {
    let kafka = await start();
    const connected = await connectClients(kafka);
    const producer = connected.producer;
    let admin = connected.admin;
    await admin.createTopics({
      topics: [
        { topic: 'orders', numPartitions: 3 },
        { topic: 'doomed', numPartitions: 1 },
      ],
    });
    await producer.send({
      topic: 'orders',
      messages: Array.from({ length: 9 }, (_, i) => ({
        partition: i % 3,
        key: `k${i}`,
        value: `v${i}`,
        headers: { i: String(i) },
      })),
    });
    const consumer = kafka.consumer(fastConsumer('billing'));
    await consumer.connect();
    await consumer.subscribe({ topic: 'orders', fromBeginning: true });
    const got = await collect(consumer);
    await waitForCount(got, 9, 'first read');
    await consumer.disconnect();
    await admin.deleteTopics({ topics: ['doomed'] });
    await Promise.all([admin.disconnect(), producer.disconnect()]);

    kafka = await start();
    admin = kafka.admin();
    await admin.connect();
    try {
      expect((await admin.listTopics()).sort()).toEqual(['orders']);
      const offsets = await admin.fetchTopicOffsets('orders');
      expect(offsets.map((o) => [o.partition, o.low, o.high]).sort()).toEqual([
        [0, '0', '3'],
        [1, '0', '3'],
        [2, '0', '3'],
      ]);
      const committed = await admin.fetchOffsets({ groupId: 'billing', topics: ['orders'] });
      expect(committed[0]?.partitions.map((p) => p.offset)).toEqual(['3', '3', '3']);
      const replay = await readAll(kafka, 'orders', 9);
      expect(replay.map((m) => [m.partition, m.offset, m.key, m.value, m.headers.i])).toEqual(
        [0, 3, 6, 1, 4, 7, 2, 5, 8].map((i, n) => [
          i % 3,
          String(Math.floor(n % 3)),
          `k${i}`,
          `v${i}`,
          String(i),
        ]),
      );
    } finally {
      await admin.disconnect();
    }
  });

  it('keeps topic configs, added partitions and deleted-records offsets across a restart', async () => {
    let kafka = await start();
    const connected = await connectClients(kafka);
    const producer = connected.producer;
    let admin = connected.admin;
    await admin.createTopics({
      topics: [
        { topic: 'tuned', numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '4000' }] },
      ],
    });
    await admin.createPartitions({ topicPartitions: [{ topic: 'tuned', count: 2 }] });
    // Three records in one batch; deleting before offset 1 leaves the start inside that batch.
    await producer.send({
      topic: 'tuned',
      messages: ['a', 'b', 'c'].map((value) => ({ partition: 0, value })),
    });
    await admin.fetchTopicOffsets('tuned');
    await admin.deleteTopicRecords({ topic: 'tuned', partitions: [{ partition: 0, offset: '1' }] });
    await Promise.all([admin.disconnect(), producer.disconnect()]);

    kafka = await start();
    admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets('tuned');
      expect(offsets.map((o) => [o.partition, o.low, o.high]).sort()).toEqual([
        [0, '1', '3'],
        [1, '0', '0'],
      ]);
      const described = await admin.describeConfigs({
        resources: [{ type: ConfigResourceTypes.TOPIC, name: 'tuned', configNames: ['max.message.bytes'] }],
        includeSynonyms: false,
      });
      expect(described.resources[0]?.configEntries[0]).toMatchObject({
        configValue: '4000',
        configSource: 1,
      });
      expect((await readAll(kafka, 'tuned', 2)).map((m) => m.value)).toEqual(['b', 'c']);
    } finally {
      await admin.disconnect();
    }
  });

  it('truncates a torn tail and keeps appending after it', async () => {
    let kafka = await start();
    let producer = kafka.producer(producerOptions);
    await producer.connect();
    await producer.send({ topic: 'torn', messages: [{ value: 'a' }, { value: 'b' }] });
    await producer.send({ topic: 'torn', messages: [{ value: 'c' }] });
    await producer.disconnect();
    await lite?.close();

    const logFile = path.join(dataDir, 'logs', 'torn', '0.log');
    const goodSize = (await stat(logFile)).size;
    await appendFile(
      logFile,
      Buffer.from([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 200, 1, 2, 3]),
    );

    kafka = await start();
    expect((await stat(logFile)).size).toBe(goodSize);
    producer = kafka.producer(producerOptions);
    await producer.connect();
    await producer.send({ topic: 'torn', messages: [{ value: 'd' }] });
    await producer.disconnect();
    expect((await readAll(kafka, 'torn', 4)).map((m) => m.value)).toEqual(['a', 'b', 'c', 'd']);

    kafka = await start();
    expect((await readAll(kafka, 'torn', 4)).map((m) => [m.offset, m.value])).toEqual([
      ['0', 'a'],
      ['1', 'b'],
      ['2', 'c'],
      ['3', 'd'],
    ]);
  });

  it('applies size retention and persists the log start offset', async () => {
    let kafka = await start({ retentionBytes: 2000 });
    const producer = kafka.producer(producerOptions);
    await producer.connect();
    for (let i = 0; i < 40; i++)
      await producer.send({ topic: 'sized', messages: [{ value: `m${i}-${'x'.repeat(200)}` }] });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    const before = (await admin.fetchTopicOffsets('sized'))[0]!;
    await admin.disconnect();
    expect(Number(before.low)).toBeGreaterThan(20);
    expect(before.high).toBe('40');

    kafka = await start({ retentionBytes: 2000 });
    const admin2 = kafka.admin();
    await admin2.connect();
    const after = (await admin2.fetchTopicOffsets('sized'))[0]!;
    await admin2.disconnect();
    expect([after.low, after.high]).toEqual([before.low, '40']);
    const kept = await readAll(kafka, 'sized', 40 - Number(before.low));
    expect(kept[0]?.offset).toBe(before.low);
    expect(await readdir(path.join(dataDir, 'logs', 'sized'))).toEqual(
      expect.arrayContaining(['0.log', '0.start']),
    );
  });
});
