import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { waitFor } from '@commlab/testing';
import type { Consumer } from 'kafkajs';
import { buildBatch } from '../src/protocol/build-batch.test-support';
import { TEST_GROUP_SETTINGS } from './support/broker';
import { forkBroker, type ChildBroker } from './support/child-broker';
import { collect, fastConsumer, kafkaClient, producerOptions, waitForCount } from './support/kafkajs';
import { RawClient } from './support/raw-client';
import {
  listOffsetsBody,
  listOffsetsResult,
  offsetCommitBody,
  offsetCommitError,
  offsetFetchBody,
  offsetFetchResult,
  produceBody,
  produceResult,
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

describe('group membership and offsets survive a restart', () => {
  let dataDir: string;
  let broker: ChildBroker | undefined;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kafka-lite-groups-'));
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect()));
    await broker?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a Stable group comes back with the same member after SIGKILL, which carries on', async () => {
    const options = { dataDir, logLevel: 'error' as const, ...TEST_GROUP_SETTINGS };
    broker = await forkBroker(options);
    const port = broker.port;
    const kafka = kafkaClient([broker.bootstrap]);
    const producer = kafka.producer(producerOptions);
    await producer.connect();
    await producer.send({ topic: 'members', messages: [{ value: 'before' }] });
    const consumer = kafka.consumer(fastConsumer('restart-g', { sessionTimeout: 6000 }));
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: 'members', fromBeginning: true });
    const got = await collect(consumer);
    await waitForCount(got, 1, 'message before the restart');
    const admin = kafka.admin();
    await admin.connect();
    const before = (await admin.describeGroups(['restart-g'])).groups[0];
    const committed = async (): Promise<string | undefined> =>
      (await admin.fetchOffsets({ groupId: 'restart-g', topics: ['members'] }))[0]?.partitions[0]?.offset;
    await waitFor(async () => (await committed()) === '1', { description: 'offset committed' });
    await admin.disconnect();
    expect(before).toMatchObject({ state: 'Stable' });

    broker.child.kill('SIGKILL');
    await killed(broker);
    broker = await forkBroker({ ...options, port });

    const fresh = kafkaClient([broker.bootstrap]).admin();
    await fresh.connect();
    try {
      // kafkajs rejoins after a lost connection: with its member id, which only a group that came back
      // with its members accepts (an unknown id is refused and the client joins again under a new one).
      const after = await waitFor(
        async () => {
          const g = (await fresh.describeGroups(['restart-g'])).groups[0];
          return g?.state === 'Stable' ? g : undefined;
        },
        { description: 'group Stable after the restart' },
      );
      expect(after.members.map((m) => m.memberId)).toEqual(before?.members.map((m) => m.memberId));
      // The member carries on with the messages after its committed offset.
      await producer.send({ topic: 'members', messages: [{ value: 'after' }] });
      await waitForCount(got, 2, 'message after the restart');
      expect(got.map((m) => m.value)).toEqual(['before', 'after']);
    } finally {
      await fresh.disconnect();
      await producer.disconnect();
    }
  });
});
