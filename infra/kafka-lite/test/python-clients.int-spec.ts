import { waitFor } from '@commlab/testing';
import { uniqueName } from './support/broker';
import { consumeFromStart, kafkajsSuite } from './support/kafkajs';
import {
  requirePythonClient,
  runPython,
  startPython,
  type PythonClient,
  type PythonProcess,
} from './support/python';

jest.setTimeout(60_000);

interface PyRecord {
  offset: number;
  key: string | null;
  value: string;
  headers: Record<string, string>;
  timestamp: number;
}

/**
 * Independent clients from Debian, run with Debian's own interpreter: kafka-python 2.0.2 and
 * confluent-kafka 1.7.0 (librdkafka 2.0.2). Missing ones fail the suite with what to install.
 */
describe.each<[PythonClient, string]>([
  ['kafka_python_client', 'kafka-python'],
  ['confluent_client', 'confluent-kafka'],
])('%s (%s) against kafka-lite', (client) => {
  const suite = kafkajsSuite({}, false);
  const members: PythonProcess[] = [];

  beforeAll(async () => {
    await requirePythonClient(client);
  });

  afterEach(async () => {
    await Promise.all(members.splice(0).map((m) => m.stop()));
  });

  it('produces and consumes keys, headers and timestamps; a group resumes after its commit', async () => {
    const topic = uniqueName('py-basic');
    const group = uniqueName('py-g');
    const t = Date.now() - 60_000;
    const values = ['a', 'b', 'c', 'd', 'e'];
    await runPython(client, suite.broker.brokers[0]!, 'produce', { topic, values, timestamp: t });
    const first = await runPython<{ records: PyRecord[] }>(client, suite.broker.brokers[0]!, 'consume', {
      topic,
      group,
      count: 3,
    });
    expect(first.records).toEqual(
      ['a', 'b', 'c'].map((value, i) => ({
        offset: i,
        key: `k${i}`,
        value,
        headers: { h: expect.any(String) as string },
        timestamp: t + i,
      })),
    );
    const second = await runPython<{ records: PyRecord[] }>(client, suite.broker.brokers[0]!, 'consume', {
      topic,
      group,
      count: 2,
    });
    expect(second.records.map((r) => [r.offset, r.value])).toEqual([
      [3, 'd'],
      [4, 'e'],
    ]);
    const committed = await suite.admin.fetchOffsets({ groupId: group, topics: [topic] });
    expect(committed[0]?.partitions[0]?.offset).toBe('5');
    // kafkajs reads what the Python client wrote.
    const read = await consumeFromStart(suite.kafka, topic, 5, 'kafkajs reads the Python records');
    expect(read.map((m) => [m.key, m.value])).toEqual(values.map((v, i) => [`k${i}`, v]));
  });

  it('two member processes of one group split the partitions and each reads its own', async () => {
    const topic = uniqueName('py-group');
    const group = uniqueName('py-members');
    await suite.admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const bootstrap = suite.broker.brokers[0]!;
    const a = startPython(client, bootstrap, 'member', { topic, group });
    members.push(a);
    const assignment = (m: PythonProcess): number[] =>
      ([...m.events].reverse().find((e) => 'assigned' in e)?.assigned as number[] | undefined) ?? [];
    await waitFor(() => assignment(a).length === 2, {
      description: `first member owns both (${a.stderr()})`,
    });
    const b = startPython(client, bootstrap, 'member', { topic, group });
    members.push(b);
    await waitFor(() => assignment(a).length === 1 && assignment(b).length === 1, {
      timeoutMs: 20_000,
      description: `partitions split (a ${JSON.stringify(a.events)}, b ${JSON.stringify(b.events)})`,
    });
    expect([...assignment(a), ...assignment(b)].sort()).toEqual([0, 1]);
    await suite.producer.send({
      topic,
      messages: [0, 1, 2, 3].map((i) => ({ partition: i % 2, value: `m${i}` })),
    });
    const records = (m: PythonProcess) => m.events.filter((e) => 'value' in e);
    await waitFor(() => records(a).length + records(b).length >= 4, { description: 'all four records read' });
    for (const m of [a, b]) {
      expect(records(m).every((r) => assignment(m).includes(r.partition as number))).toBe(true);
    }
  });

  it('finds offsets by timestamp per record, and none after the last record', async () => {
    const topic = uniqueName('py-time');
    const t = Date.now() - 60_000;
    await suite.producer.send({
      topic,
      messages: Array.from({ length: 10 }, (_, i) => ({ value: `m${i}`, timestamp: String(t + i) })),
    });
    const bootstrap = suite.broker.brokers[0]!;
    const found = await runPython(client, bootstrap, 'offsets-for-times', { topic, timestamp: t + 6 });
    expect(found.offset).toBe(6);
    const none = await runPython(client, bootstrap, 'offsets-for-times', { topic, timestamp: t + 3_600_000 });
    // kafka-python answers None, librdkafka the logical offset -1 (end): Kafka's "no such record".
    expect([null, -1]).toContain(none.offset);
  });

  it('creates topics with configs, alters and describes them, adds partitions; compaction is refused', async () => {
    const topic = uniqueName('py-configs');
    const out = await runPython<{
      compact: string;
      configs: Record<string, string>;
      broker: Record<string, string>;
      partitions: number;
    }>(client, suite.broker.brokers[0]!, 'configs', { topic });
    expect(out.compact).toMatch(/INVALID_CONFIG|InvalidConfigurationError/);
    // AlterConfigs replaces a topic's whole config set: retention.ms goes back to the broker's.
    expect(out.configs).toMatchObject({
      'retention.bytes': '1048576',
      'retention.ms': '-1',
      'cleanup.policy': 'delete',
    });
    expect(out.broker).toMatchObject({ 'message.max.bytes': '1048588' });
    expect(out.partitions).toBe(3);
  });
});

describe('confluent-kafka (librdkafka): idempotent producer and transactions', () => {
  const suite = kafkajsSuite({}, false);

  beforeAll(async () => {
    await requirePythonClient('confluent_client');
  });

  it('produces with enable.idempotence=true: an InitProducerId, every record once', async () => {
    const topic = uniqueName('py-idempotent');
    const values = Array.from({ length: 20 }, (_, i) => `v${i}`);
    const before = suite.broker.lite!.stats().requests.InitProducerId?.['1'] ?? 0;
    const out = await runPython<{ results: { error: string | null; offset: number }[] }>(
      'confluent_client',
      suite.broker.brokers[0]!,
      'produce',
      { topic, values, idempotent: true },
    );
    expect(out.results.map((r) => [r.error, r.offset])).toEqual(values.map((_, i) => [null, i]));
    expect(suite.broker.lite!.stats().requests.InitProducerId?.['1']).toBe(before + 1);
    expect((await suite.admin.fetchTopicOffsets(topic))[0]?.high).toBe('20');
  });

  it('fails init_transactions() with Kafka’s fatal TRANSACTIONAL_ID_AUTHORIZATION_FAILED', async () => {
    const out = await runPython('confluent_client', suite.broker.brokers[0]!, 'transactions', {
      transactionalId: uniqueName('tx'),
    });
    expect(out).toEqual({ error: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED', fatal: true });
  });
});
