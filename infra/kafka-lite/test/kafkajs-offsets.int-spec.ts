import { waitFor } from '@commlab/testing';
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { startTestBroker, uniqueName, type TestBroker } from './support/broker';
import {
  collect,
  countFetches,
  fastConsumer,
  kafkaClient,
  producerOptions,
  waitForCount,
} from './support/kafkajs';

jest.setTimeout(20_000);

describe('kafkajs: offsets', () => {
  let broker: TestBroker;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    broker = await startTestBroker();
    kafka = kafkaClient(broker.brokers);
    admin = kafka.admin();
    producer = kafka.producer(producerOptions);
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.disconnect()));
  });

  afterAll(async () => {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
    await broker.close();
  });

  async function consumer(groupId: string, topic: string, fromBeginning: boolean): Promise<Consumer> {
    const c = kafka.consumer(fastConsumer(groupId));
    consumers.push(c);
    await c.connect();
    await c.subscribe({ topic, fromBeginning });
    return c;
  }

  async function stop(c: Consumer): Promise<void> {
    consumers.splice(consumers.indexOf(c), 1);
    await c.disconnect();
  }

  async function send(topic: string, values: string[]): Promise<void> {
    await producer.send({ topic, messages: values.map((value) => ({ value })) });
  }

  it('commits offsets and resumes after them', async () => {
    const topic = uniqueName('resume');
    const groupId = uniqueName('resume-g');
    await send(topic, ['a', 'b', 'c']);
    const first = await consumer(groupId, topic, true);
    const got1 = await collect(first);
    await waitForCount(got1, 3, 'first run');
    await stop(first);
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed[0]?.partitions[0]).toMatchObject({ partition: 0, offset: '3' });

    await send(topic, ['d', 'e']);
    const second = await consumer(groupId, topic, true);
    const got2 = await collect(second);
    await waitForCount(got2, 2, 'second run');
    expect(got2.map((m) => m.value)).toEqual(['d', 'e']);
    expect(got2.map((m) => m.offset)).toEqual(['3', '4']);
  });

  it('round-trips commit metadata and lists and deletes groups', async () => {
    const topic = uniqueName('meta');
    const groupId = uniqueName('meta-g');
    await send(topic, ['x']);
    const c = await consumer(groupId, topic, true);
    await c.run({ autoCommit: false, eachMessage: () => Promise.resolve() });
    await waitFor(async () => (await admin.describeGroups([groupId])).groups[0]?.state === 'Stable');
    await c.commitOffsets([{ topic, partition: 0, offset: '1', metadata: 'hello-metadata' }]);
    const fetched = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(fetched[0]?.partitions[0]).toMatchObject({ offset: '1', metadata: 'hello-metadata' });
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).toContain(groupId);
    await expect(admin.deleteGroups([groupId])).rejects.toThrow();
    await stop(c);
    await admin.deleteGroups([groupId]);
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain(groupId);
  });

  it('starts from the beginning or from the end', async () => {
    const topic = uniqueName('start');
    await send(topic, ['old-1', 'old-2']);
    const early = await consumer(uniqueName('early'), topic, true);
    const late = await consumer(uniqueName('late'), topic, false);
    const gotEarly = await collect(early);
    const lateFetches = countFetches(late);
    const gotLate = await collect(late);
    await waitForCount(gotEarly, 2, 'fromBeginning sees old messages');
    // The latest-consumer has resolved its starting offset once it completed a fetch.
    await waitFor(() => lateFetches.count > 0, { description: 'latest-consumer fetched' });
    await send(topic, ['new']);
    await waitForCount(gotEarly, 3, 'fromBeginning sees the new message');
    await waitForCount(gotLate, 1, 'latest sees the new message');
    expect(gotLate.map((m) => m.value)).toEqual(['new']);
  });

  it('seeks to an offset', async () => {
    const topic = uniqueName('seek');
    await send(topic, ['m0', 'm1', 'm2', 'm3', 'm4']);
    const c = await consumer(uniqueName('seek-g'), topic, true);
    const got = await collect(c);
    await waitForCount(got, 5, 'all five');
    c.seek({ topic, partition: 0, offset: '2' });
    await waitForCount(got, 8, 'replay after seek');
    expect(got.slice(5).map((m) => m.value)).toEqual(['m2', 'm3', 'm4']);
  });

  it('finds offsets by timestamp per record (and the high watermark for a future time)', async () => {
    const topic = uniqueName('by-time');
    const t = Date.now() - 60_000;
    // One batch of ten records, one millisecond apart: Kafka answers per record, not per batch.
    await producer.send({
      topic,
      messages: Array.from({ length: 10 }, (_, i) => ({ value: `m${i}`, timestamp: String(t + i) })),
    });
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, t + 6)).toEqual([{ partition: 0, offset: '6' }]);
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, t)).toEqual([{ partition: 0, offset: '0' }]);
    // Nothing at or after: the broker answers -1 and kafkajs substitutes the high watermark.
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, t + 3_600_000)).toEqual([
      { partition: 0, offset: '10' },
    ]);
  });

  it('pauses and resumes a topic', async () => {
    const topic = uniqueName('pause');
    const c = await consumer(uniqueName('pause-g'), topic, true);
    await send(topic, ['one']);
    const got = await collect(c);
    await waitForCount(got, 1, 'before pause');
    c.pause([{ topic }]);
    expect(c.paused()).toEqual([{ topic, partitions: [0] }]);
    await send(topic, ['two']);
    await new Promise((r) => setTimeout(r, 600));
    expect(got).toHaveLength(1);
    c.resume([{ topic }]);
    await waitForCount(got, 2, 'after resume');
    expect(got[1]?.value).toBe('two');
  });
});

describe('kafkajs: retention', () => {
  let broker: TestBroker;
  let kafka: Kafka;

  beforeAll(async () => {
    broker = await startTestBroker({ retentionMs: 300 }, false);
    kafka = kafkaClient(broker.brokers);
  });

  afterAll(async () => {
    await broker.close();
  });

  it('answers OFFSET_OUT_OF_RANGE for offsets before the log start, and the consumer resets', async () => {
    const topic = uniqueName('retention');
    const groupId = uniqueName('retention-g');
    const admin = kafka.admin();
    const producer = kafka.producer(producerOptions);
    await Promise.all([admin.connect(), producer.connect()]);
    try {
      await producer.send({ topic, messages: [{ value: 'gone-1' }, { value: 'gone-2' }] });
      const c = kafka.consumer(fastConsumer(groupId));
      await c.connect();
      await c.subscribe({ topic, fromBeginning: true });
      const fetches = countFetches(c);
      const got = await collect(c);
      await waitForCount(got, 2, 'messages before retention');
      await waitFor(async () => (await admin.fetchTopicOffsets(topic))[0]?.low === '2', {
        timeoutMs: 5000,
        description: 'retention advanced the log start offset',
      });
      // Offset 0 is gone: the broker answers OFFSET_OUT_OF_RANGE and kafkajs resets to the earliest offset.
      const fetchesBeforeSeek = fetches.count;
      c.seek({ topic, partition: 0, offset: '0' });
      // Two more completed fetches: the seek was applied and the out-of-range answer handled.
      await waitFor(() => fetches.count >= fetchesBeforeSeek + 2, { description: 'fetches after seek' });
      await producer.send({ topic, messages: [{ value: 'kept' }] });
      await waitForCount(got, 3, 'message after reset');
      await new Promise((r) => setTimeout(r, 200));
      await c.disconnect();
      expect(got.map((m) => [m.offset, m.value])).toEqual([
        ['0', 'gone-1'],
        ['1', 'gone-2'],
        ['2', 'kept'],
      ]);
      expect(broker.lite?.stats().requests.Fetch).toBeDefined();
    } finally {
      await Promise.all([admin.disconnect(), producer.disconnect()]);
    }
  });
});
