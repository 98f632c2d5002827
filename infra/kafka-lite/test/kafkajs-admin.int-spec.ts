import { waitFor } from '@commlab/testing';
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { startTestBroker, uniqueName, type TestBroker } from './support/broker';
import { consumeFromStart, kafkaClient, kafkajsSuite, producerOptions } from './support/kafkajs';

jest.setTimeout(20_000);

describe('kafkajs: topic configs, partitions, records and size limits', () => {
  const suite = kafkajsSuite();

  async function topicConfig(
    topic: string,
    name: string,
  ): Promise<{ value: string; source: number } | undefined> {
    const res = await suite.admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: [name] }],
      includeSynonyms: false,
    });
    const entry = res.resources[0]?.configEntries.find((c) => c.configName === name);
    return entry && { value: entry.configValue, source: entry.configSource };
  }

  it('honours retention.ms given at CreateTopics, per topic', async () => {
    const short = uniqueName('short-lived');
    const kept = uniqueName('kept');
    await suite.admin.createTopics({
      topics: [
        { topic: short, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '300' }] },
        { topic: kept, numPartitions: 1 },
      ],
    });
    expect(await topicConfig(short, 'retention.ms')).toEqual({ value: '300', source: 1 });
    await suite.producer.send({ topic: short, messages: [{ value: 'a' }, { value: 'b' }] });
    await suite.producer.send({ topic: kept, messages: [{ value: 'a' }, { value: 'b' }] });
    await waitFor(async () => (await suite.admin.fetchTopicOffsets(short))[0]?.low === '2', {
      timeoutMs: 5000,
      description: 'retention.ms of the topic dropped its records',
    });
    expect((await suite.admin.fetchTopicOffsets(kept))[0]?.low).toBe('0');
  });

  it('alters and describes topic configs; retention.bytes takes effect at once', async () => {
    const topic = uniqueName('altered');
    await suite.admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    expect(await topicConfig(topic, 'retention.bytes')).toEqual({ value: '-1', source: 5 });
    for (let i = 0; i < 10; i++) await suite.producer.send({ topic, messages: [{ value: 'x'.repeat(500) }] });
    await suite.admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: [{ name: 'retention.bytes', value: '2000' }],
        },
      ],
    });
    expect(await topicConfig(topic, 'retention.bytes')).toEqual({ value: '2000', source: 1 });
    await waitFor(async () => Number((await suite.admin.fetchTopicOffsets(topic))[0]?.low) >= 6, {
      timeoutMs: 5000,
      description: 'retention.bytes applied',
    });
  });

  it('describes the broker with Kafka config names', async () => {
    const res = await suite.admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.BROKER, name: '0' }],
      includeSynonyms: false,
    });
    const values = Object.fromEntries(
      res.resources[0]!.configEntries.map((c) => [c.configName, c.configValue]),
    );
    expect(values).toMatchObject({
      'message.max.bytes': '1048588',
      'log.cleanup.policy': 'delete',
      'connections.max.idle.ms': '600000',
    });
  });

  it('adds partitions', async () => {
    const topic = uniqueName('grow');
    await suite.admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await suite.admin.createPartitions({ topicPartitions: [{ topic, count: 3 }] });
    await expect(suite.admin.createPartitions({ topicPartitions: [{ topic, count: 2 }] })).rejects.toThrow();
    // A client that fetches metadata now sees three partitions and can write to the new ones.
    const fresh = kafkaClient(suite.broker.brokers).producer(producerOptions);
    await fresh.connect();
    try {
      await fresh.send({ topic, messages: [{ partition: 2, value: 'new partition' }] });
    } finally {
      await fresh.disconnect();
    }
    const offsets = await suite.admin.fetchTopicOffsets(topic);
    expect(offsets.map((p) => [p.partition, p.high]).sort()).toEqual([
      [0, '0'],
      [1, '0'],
      [2, '1'],
    ]);
  });

  it('deletes records before an offset; consumers start after them', async () => {
    const topic = uniqueName('trim');
    await suite.producer.send({ topic, messages: [0, 1, 2, 3, 4].map((i) => ({ value: `v${i}` })) });
    // kafkajs's deleteTopicRecords needs the admin client to know the topic's metadata already.
    expect((await suite.admin.fetchTopicOffsets(topic))[0]).toMatchObject({ low: '0', high: '5' });
    await suite.admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '3' }] });
    expect((await suite.admin.fetchTopicOffsets(topic))[0]).toMatchObject({ low: '3', high: '5' });
    const got = await consumeFromStart(suite.kafka, topic, 2, 'records after the deleted ones');
    expect(got.map((m) => m.value)).toEqual(['v3', 'v4']);
  });

  it('rejects a batch over message.max.bytes (Kafka: 1048588) with MESSAGE_TOO_LARGE', async () => {
    const topic = uniqueName('big');
    await suite.admin.createTopics({
      topics: [
        { topic, numPartitions: 1 },
        {
          topic: `${topic}-small`,
          numPartitions: 1,
          configEntries: [{ name: 'max.message.bytes', value: '2000' }],
        },
      ],
    });
    await expect(
      suite.producer.send({ topic, messages: [{ value: Buffer.alloc(900 * 1024) }] }),
    ).resolves.toBeDefined();
    await expect(
      suite.producer.send({ topic, messages: [{ value: Buffer.alloc(2 * 1024 * 1024) }] }),
    ).rejects.toThrow(/larger than the max message size/);
    await expect(
      suite.producer.send({ topic: `${topic}-small`, messages: [{ value: Buffer.alloc(3000) }] }),
    ).rejects.toThrow(/larger than the max message size/);
    expect((await suite.admin.fetchTopicOffsets(topic))[0]?.high).toBe('1');
  });
});

describe('kafka-lite refuses what it does not implement, with Kafka error codes', () => {
  let broker: TestBroker;
  let admin: Admin;

  beforeAll(async () => {
    broker = await startTestBroker({}, false);
    admin = kafkaClient(broker.brokers).admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
    await broker.close();
  });

  it('fails a transactional producer with TRANSACTIONAL_ID_AUTHORIZATION_FAILED', async () => {
    const tx = kafkaClient(broker.brokers).producer({
      ...producerOptions,
      transactionalId: uniqueName('tx'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await tx.connect();
    try {
      await expect(tx.transaction()).rejects.toMatchObject({ type: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED' });
    } finally {
      await tx.disconnect();
    }
  });

  it('refuses cleanup.policy=compact and unknown topic configs with INVALID_CONFIG', async () => {
    const topic = uniqueName('compacted');
    await expect(
      admin.createTopics({
        topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
      }),
    ).rejects.toMatchObject({ errors: [expect.objectContaining({ type: 'INVALID_CONFIG' })] });
    expect(await admin.listTopics()).not.toContain(topic);
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    for (const [name, value] of [
      ['cleanup.policy', 'compact'],
      ['segment.bytes', '1024'],
    ] as const) {
      await expect(
        admin.alterConfigs({
          validateOnly: false,
          resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name, value }] }],
        }),
      ).rejects.toMatchObject({ type: 'INVALID_CONFIG' });
    }
  });
});
