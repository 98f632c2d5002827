import { waitFor } from '@commlab/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildBatch } from '../src/protocol/build-batch.test-support';
import { TEST_GROUP_SETTINGS } from './support/broker';
import { forkBroker, type ChildBroker } from './support/child-broker';
import { collect, fastConsumer, kafkaClient, producerOptions, waitForCount } from './support/kafkajs';
import { RawClient } from './support/raw-client';
import {
  heartbeatBody,
  joinGroupBody,
  joinGroupResult,
  listOffsetsBody,
  listOffsetsResult,
  offsetCommitBody,
  offsetCommitError,
  offsetFetchBody,
  offsetFetchResult,
  produceBody,
  produceResult,
  syncGroupBody,
  throttledError,
} from './support/raw-requests';

jest.setTimeout(60_000);

const TOPIC = 'durable';

function killed(broker: ChildBroker): Promise<void> {
  return new Promise((resolve) => {
    if (broker.child.exitCode !== null || broker.child.signalCode !== null) resolve();
    else
      broker.child.once('exit', () => {
        resolve();
      });
  });
}

describe('acknowledged means written: SIGKILL right after the answer loses nothing', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kafka-lite-durable-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['write(2) before the answer', false, 3],
    ['fsync before the answer', true, 2],
  ])('OffsetCommit and acks=-1 Produce (%s)', async (_how, fsync, runs) => {
    const options = { dataDir, fsync, logLevel: 'error' as const, topics: [{ name: TOPIC, partitions: 1 }] };
    for (let run = 1; run <= runs + 1; run++) {
      const broker = await forkBroker(options);
      const client = await RawClient.open(broker.port);
      try {
        // Everything acknowledged before the previous SIGKILL is there.
        const committed = offsetFetchResult((await client.send(9, 1, offsetFetchBody('g', TOPIC, 0))).r);
        const end = listOffsetsResult((await client.send(2, 1, listOffsetsBody(TOPIC, -1))).r).offset;
        expect([committed, end]).toEqual([run === 1 ? -1 : (run - 1) * 10, run - 1]);
        if (run > runs) break;
        // Pipelined; the broker is killed the moment the second answer arrives (alternating which).
        const commit = client.send(8, 2, offsetCommitBody('g', TOPIC, 0, run * 10));
        const produce = client.send(0, 7, produceBody(TOPIC, buildBatch([`run-${run}`]), -1));
        const [first, second] = run % 2 === 0 ? [produce, commit] : [commit, produce];
        await first;
        await second;
        broker.child.kill('SIGKILL');
        expect(offsetCommitError((await commit).r)).toBe(0);
        expect(produceResult((await produce).r)).toEqual({ errorCode: 0, baseOffset: run - 1 });
        await killed(broker);
      } finally {
        client.close();
        await broker.stop();
      }
    }
  });
});

/** Joins and syncs one member with exact frames (JoinGroup v3, SyncGroup v1). */
async function joinAndSync(
  client: RawClient,
  groupId: string,
): Promise<{ memberId: string; generation: number }> {
  const join = joinGroupResult((await client.send(11, 3, joinGroupBody(groupId, '', 10_000, 10_000))).r);
  expect(join.errorCode).toBe(0);
  const synced = await client.send(
    14,
    1,
    syncGroupBody(groupId, join.generation, join.memberId, 'assignment'),
  );
  expect(throttledError(synced.r)).toBe(0);
  return { memberId: join.memberId, generation: join.generation };
}

describe('group membership and offsets survive a restart', () => {
  let dataDir: string;
  let broker: ChildBroker | undefined;
  const clients: RawClient[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kafka-lite-groups-'));
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await broker?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a Stable group comes back after SIGKILL with its member, generation and assignment', async () => {
    const options = {
      dataDir,
      logLevel: 'error' as const,
      ...TEST_GROUP_SETTINGS,
      topics: [{ name: TOPIC }],
    };
    broker = await forkBroker(options);
    const before = await RawClient.open(broker.port);
    clients.push(before);
    const { memberId, generation } = await joinAndSync(before, 'restart-g');
    const committed = (
      await before.send(8, 2, offsetCommitBody('restart-g', TOPIC, 0, 7, generation, memberId))
    ).r;
    expect(offsetCommitError(committed)).toBe(0);
    broker.child.kill('SIGKILL');
    await killed(broker);

    broker = await forkBroker(options);
    const after = await RawClient.open(broker.port);
    clients.push(after);
    // The member carries on with its generation: no UNKNOWN_MEMBER_ID, no rejoin, no rebalance.
    expect(
      throttledError((await after.send(12, 1, heartbeatBody('restart-g', generation, memberId))).r),
    ).toBe(0);
    const described = (await after.send(15, 0, (w) => w.array(['restart-g'], (w, g) => w.string(g)))).r;
    described.int32(); // groups
    expect([described.int16(), described.string(), described.string()]).toEqual([0, 'restart-g', 'Stable']);
    described.string(); // protocol type
    described.string(); // protocol
    described.int32(); // members
    expect(described.string()).toBe(memberId);
    described.string(); // client id
    described.string(); // client host
    described.bytes(); // metadata
    expect(described.bytes().toString()).toBe('assignment');
    expect(offsetFetchResult((await after.send(9, 1, offsetFetchBody('restart-g', TOPIC, 0))).r)).toBe(7);
  });

  it('a kafkajs consumer carries on after the restart from its committed offset', async () => {
    await broker?.stop();
    const options = { dataDir, logLevel: 'error' as const, ...TEST_GROUP_SETTINGS };
    broker = await forkBroker(options);
    const port = broker.port;
    const kafka = kafkaClient([broker.bootstrap]);
    const producer = kafka.producer(producerOptions);
    await producer.connect();
    await producer.send({ topic: 'members', messages: [{ value: 'before' }] });
    const consumer = kafka.consumer(fastConsumer('kafkajs-g', { sessionTimeout: 6000 }));
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: 'members', fromBeginning: true });
      const got = await collect(consumer);
      await waitForCount(got, 1, 'message before the restart');
      const admin = kafka.admin();
      await admin.connect();
      await waitFor(
        async () =>
          (await admin.fetchOffsets({ groupId: 'kafkajs-g', topics: ['members'] }))[0]?.partitions[0]
            ?.offset === '1',
        { description: 'offset of the first message committed' },
      );
      await admin.disconnect();
      broker.child.kill('SIGKILL');
      await killed(broker);
      broker = await forkBroker({ ...options, port });
      await producer.send({ topic: 'members', messages: [{ value: 'after' }] });
      await waitForCount(got, 2, 'message after the restart', 20_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(got.map((m) => m.value)).toEqual(['before', 'after']);
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  });
});
