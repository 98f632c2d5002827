import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { waitFor } from '@commlab/testing';
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { groupTimeouts, startTestBroker, uniqueName, type TestBroker } from './support/broker';
import { collect, fastConsumer, kafkaClient, producerOptions, trackAssignment } from './support/kafkajs';

function allPartitions(a: { current: Record<string, number[]> }, topic: string): number[] {
  return [...(a.current[topic] ?? [])].sort();
}

jest.setTimeout(20_000);

describe('kafkajs: consumer groups', () => {
  let broker: TestBroker;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const consumers: Consumer[] = [];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    broker = await startTestBroker();
    kafka = kafkaClient(broker.brokers);
    admin = kafka.admin();
    producer = kafka.producer(producerOptions);
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.disconnect()));
    for (const c of children.splice(0)) c.kill('SIGKILL');
  });

  afterAll(async () => {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
    await broker.close();
  });

  async function newConsumer(
    groupId: string,
    topic: string,
  ): Promise<{ c: Consumer; a: { current: Record<string, number[]> } }> {
    const c = kafka.consumer(fastConsumer(groupId));
    consumers.push(c);
    const a = trackAssignment(c);
    await c.connect();
    await c.subscribe({ topic, fromBeginning: true });
    return { c, a };
  }

  it('splits partitions between two members and hands them over when one leaves', async () => {
    const topic = uniqueName('split');
    const groupId = uniqueName('split-g');
    await admin.createTopics({ topics: [{ topic, numPartitions: 4 }] });
    const one = await newConsumer(groupId, topic);
    const got1 = await collect(one.c);
    await waitFor(() => allPartitions(one.a, topic).length === 4, { description: 'first member owns all' });
    const two = await newConsumer(groupId, topic);
    const got2 = await collect(two.c);
    await waitFor(
      () => allPartitions(one.a, topic).length === 2 && allPartitions(two.a, topic).length === 2,
      { timeoutMs: 10_000, description: 'two members own 2 partitions each' },
    );
    expect([...allPartitions(one.a, topic), ...allPartitions(two.a, topic)].sort()).toEqual([0, 1, 2, 3]);

    await producer.send({
      topic,
      messages: [0, 1, 2, 3].map((partition) => ({ partition, value: `p${partition}` })),
    });
    await waitFor(() => got1.length + got2.length === 4, { description: '4 messages across members' });
    expect(got1.length).toBe(2);
    expect(got2.length).toBe(2);

    const described = await admin.describeGroups([groupId]);
    expect(described.groups[0]).toMatchObject({ state: 'Stable', protocolType: 'consumer' });
    expect(described.groups[0]?.members).toHaveLength(2);

    await two.c.disconnect();
    consumers.splice(consumers.indexOf(two.c), 1);
    await waitFor(() => allPartitions(one.a, topic).length === 4, {
      timeoutMs: 10_000,
      description: 'survivor owns all partitions after leave',
    });
  });

  it('reassigns the partitions of a SIGKILLed member after its session timeout', async () => {
    const topic = uniqueName('kill');
    const groupId = uniqueName('kill-g');
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
    const one = await newConsumer(groupId, topic);
    const got = await collect(one.c);
    await waitFor(() => allPartitions(one.a, topic).length === 3, { description: 'first member owns all' });

    const child = spawn(
      process.execPath,
      [
        path.join(__dirname, 'support', 'group-member.mjs'),
        broker.brokers.join(','),
        topic,
        groupId,
        String(groupTimeouts().sessionTimeout),
        String(groupTimeouts().rebalanceTimeout),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(child);
    let childOut = '';
    child.stdout.on('data', (d: Buffer) => (childOut += d.toString()));
    await waitFor(() => childOut.includes('assigned') && allPartitions(one.a, topic).length < 3, {
      timeoutMs: 15_000,
      description: 'child member joined and took partitions',
    });
    const killedAt = Date.now();
    child.kill('SIGKILL');
    await waitFor(() => allPartitions(one.a, topic).length === 3, {
      timeoutMs: 15_000,
      description: 'survivor owns all partitions after the session timeout',
    });
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(groupTimeouts().sessionTimeout - 500);

    await producer.send({ topic, messages: [0, 1, 2].map((partition) => ({ partition, value: 'after' })) });
    await waitFor(() => got.filter((m) => m.value === 'after').length === 3, {
      description: 'survivor reads all',
    });
    if (broker.lite) {
      await waitFor(() => broker.lite!.stats().connections.open > 0);
      const described = await admin.describeGroups([groupId]);
      expect(described.groups[0]?.members).toHaveLength(1);
    }
  });
});
