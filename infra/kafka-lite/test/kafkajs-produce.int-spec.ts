import { waitFor } from '@commlab/testing';
import { CompressionTypes } from 'kafkajs';
import { uniqueName } from './support/broker';
import { consumeFromStart, kafkajsSuite, producerOptions } from './support/kafkajs';

jest.setTimeout(20_000);

describe('kafkajs: admin and produce', () => {
  const suite = kafkajsSuite();

  it('creates, lists, describes and deletes topics', async () => {
    const topic = uniqueName('admin');
    await expect(
      suite.admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true }),
    ).resolves.toBe(true);
    await expect(suite.admin.createTopics({ topics: [{ topic, numPartitions: 4 }] })).resolves.toBe(false);
    expect(await suite.admin.listTopics()).toContain(topic);
    const meta = await suite.admin.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics[0]?.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2, 3]);
    expect(meta.topics[0]?.partitions.every((p) => p.leader === 0)).toBe(true);
    await suite.admin.deleteTopics({ topics: [topic] });
    expect(await suite.admin.listTopics()).not.toContain(topic);
  });

  it('rejects invalid topic names and partition counts', async () => {
    await expect(
      suite.admin.createTopics({ topics: [{ topic: 'bad name!', numPartitions: 1 }] }),
    ).rejects.toThrow();
    await expect(
      suite.admin.createTopics({ topics: [{ topic: uniqueName('zero'), numPartitions: 0 }] }),
    ).rejects.toThrow();
  });

  it('routes keyed messages with headers to 3 partitions and keeps per-key order', async () => {
    const topic = uniqueName('keyed');
    await suite.admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
    const messages = Array.from({ length: 30 }, (_, i) => ({
      key: `key-${i % 6}`,
      value: `value-${i}`,
      headers: { seq: String(i), source: 'test' },
    }));
    await suite.producer.send({ topic, messages });
    const got = await consumeFromStart(suite.kafka, topic, 30, 'keyed messages');

    expect(new Set(got.map((m) => m.partition)).size).toBeGreaterThan(1);
    const partitionOfKey = new Map<string, number>();
    for (const m of got) {
      expect(m.headers.source).toBe('test');
      expect(m.value).toBe(`value-${m.headers.seq}`);
      const seen = partitionOfKey.get(m.key!);
      if (seen !== undefined) expect(m.partition).toBe(seen);
      partitionOfKey.set(m.key!, m.partition);
    }
    for (let k = 0; k < 6; k++) {
      const seqs = got.filter((m) => m.key === `key-${k}`).map((m) => Number(m.headers.seq));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
    const offsets = await suite.admin.fetchTopicOffsets(topic);
    expect(offsets.reduce((n, p) => n + Number(p.high), 0)).toBe(30);
  });

  it('passes gzip batches through untouched', async () => {
    const topic = uniqueName('gzip');
    const value = 'compress me '.repeat(200);
    await suite.producer.send({
      topic,
      compression: CompressionTypes.GZIP,
      messages: Array.from({ length: 10 }, (_, i) => ({ key: String(i), value })),
    });
    const got = await consumeFromStart(suite.kafka, topic, 10, 'gzip messages');
    expect(got.map((m) => m.key)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(got.every((m) => m.value === value)).toBe(true);
    if (suite.broker.lite) expect(suite.broker.lite.stats().bytesIn).toBeLessThan(10 * value.length);
  });

  it.each([0, 1, -1])('produces with acks=%i', async (acks) => {
    const topic = uniqueName(`acks${acks}`);
    await suite.admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const result = await suite.producer.send({ topic, acks, messages: [{ value: 'a' }, { value: 'b' }] });
    if (acks === 0) expect(result).toEqual([]);
    else expect(result[0]).toMatchObject({ topicName: topic, partition: 0, errorCode: 0, baseOffset: '0' });
    await waitFor(async () => (await suite.admin.fetchTopicOffsets(topic))[0]?.high === '2', {
      timeoutMs: 5000,
      description: `acks=${acks} messages stored`,
    });
  });

  it('an idempotent producer gets a producer id and writes each batch once', async () => {
    const topic = uniqueName('idempotent');
    await suite.admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const idempotent = suite.kafka.producer({ ...producerOptions, idempotent: true, maxInFlightRequests: 1 });
    await idempotent.connect();
    try {
      for (let i = 0; i < 3; i++) {
        const [res] = await idempotent.send({
          topic,
          acks: -1,
          messages: [{ value: `a${i}` }, { value: `b${i}` }],
        });
        expect(res).toMatchObject({ errorCode: 0, baseOffset: String(i * 2) });
      }
    } finally {
      await idempotent.disconnect();
    }
    expect((await suite.admin.fetchTopicOffsets(topic))[0]?.high).toBe('6');
    if (suite.broker.lite) expect(suite.broker.lite.stats().requests.InitProducerId).toBeDefined();
  });

  it('counts requests per API and version', () => {
    if (!suite.broker.lite) return;
    const stats = suite.broker.lite.stats();
    expect(stats.requests.Produce?.['7']).toBeGreaterThan(0);
    expect(stats.requests.ApiVersions?.['2']).toBeGreaterThan(0);
    expect(stats.messagesIn).toBeGreaterThan(40);
  });
});
