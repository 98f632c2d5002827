import { createRequire } from 'node:module';
import { connect, type Socket } from 'node:net';
import { waitFor } from '@commlab/testing';
import { startTestBroker, uniqueName, type TestBroker } from './support/broker';
import { fastConsumer, kafkaClient, producerOptions } from './support/kafkajs';

jest.setTimeout(120_000);

const load = createRequire(__filename) as (id: string) => unknown;
type RequestFactory = (args: unknown) => { encode(): Promise<{ buffer: Buffer }> };

/** Small seeded PRNG so a failing run can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function frame(apiKey: number, version: number, body: Buffer, clientId = 'fuzz'): Buffer {
  const header = Buffer.alloc(10 + Buffer.byteLength(clientId));
  header.writeInt16BE(apiKey, 0);
  header.writeInt16BE(version, 2);
  header.writeInt32BE(1, 4);
  header.writeInt16BE(Buffer.byteLength(clientId), 8);
  header.write(clientId, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(header.length + body.length);
  return Buffer.concat([size, header, body]);
}

async function encodeRequest(api: string, version: number, args: unknown): Promise<Buffer> {
  const factory = load(`kafkajs/src/protocol/requests/${api}/v${version}/request`) as RequestFactory;
  return (await factory(args).encode()).buffer;
}

/** Valid request bodies (key, version, body) to mutate. */
async function corpus(topic: string): Promise<[number, number, Buffer][]> {
  const produceArgs = {
    acks: 1,
    timeout: 100,
    topicData: [{ topic, partitions: [{ partition: 0, messages: [{ key: 'k', value: 'fuzz-value' }] }] }],
  };
  return [
    [18, 2, Buffer.alloc(0)],
    [3, 6, await encodeRequest('metadata', 6, { topics: [topic], allowAutoTopicCreation: false })],
    [0, 7, await encodeRequest('produce', 7, produceArgs)],
    [
      1,
      11,
      await encodeRequest('fetch', 11, {
        replicaId: -1,
        maxWaitTime: 50,
        minBytes: 1,
        maxBytes: 10_000,
        topics: [{ topic, partitions: [{ partition: 0, fetchOffset: '0', maxBytes: 10_000 }] }],
      }),
    ],
    [
      2,
      3,
      await encodeRequest('listOffsets', 3, {
        replicaId: -1,
        topics: [{ topic, partitions: [{ partition: 0, timestamp: -1 }] }],
      }),
    ],
    [10, 2, await encodeRequest('findCoordinator', 2, { coordinatorKey: 'fuzz-group', coordinatorType: 0 })],
    [
      12,
      3,
      await encodeRequest('heartbeat', 3, { groupId: 'fuzz-group', groupGenerationId: 1, memberId: 'm' }),
    ],
    [
      9,
      4,
      await encodeRequest('offsetFetch', 4, {
        groupId: 'fuzz-group',
        topics: [{ topic, partitions: [{ partition: 0 }] }],
      }),
    ],
    [15, 2, await encodeRequest('describeGroups', 2, { groupIds: ['fuzz-group'] })],
    [16, 2, Buffer.alloc(0)],
    [
      11,
      5,
      await encodeRequest('joinGroup', 5, {
        groupId: 'fuzz-group',
        sessionTimeout: 500,
        rebalanceTimeout: 500,
        memberId: '',
        protocolType: 'consumer',
        groupProtocols: [{ name: 'x', metadata: Buffer.from('m') }],
      }),
    ],
    [
      8,
      5,
      await encodeRequest('offsetCommit', 5, {
        groupId: 'fuzz-group',
        groupGenerationId: -1,
        memberId: '',
        topics: [{ topic, partitions: [{ partition: 0, offset: '0' }] }],
      }),
    ],
  ];
}

function mutate(rand: () => number, body: Buffer): Buffer {
  const out = Buffer.from(body);
  const kind = Math.floor(rand() * 4);
  if (kind === 0 && out.length > 0) {
    const flips = 1 + Math.floor(rand() * 4);
    for (let i = 0; i < flips; i++) {
      const at = Math.floor(rand() * out.length);
      out.writeUInt8(Math.floor(rand() * 256), at);
    }
    return out;
  }
  if (kind === 1) return out.subarray(0, Math.floor(rand() * out.length));
  if (kind === 2) return Buffer.concat([out, randomBytes(rand, Math.floor(rand() * 64))]);
  return randomBytes(rand, Math.floor(rand() * 200));
}

function randomBytes(rand: () => number, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b.writeUInt8(Math.floor(rand() * 256), i);
  return b;
}

/** Builds one evil frame (or raw garbage). */
function evilFrame(rand: () => number, bodies: [number, number, Buffer][]): Buffer {
  const r = rand();
  if (r < 0.05) return randomBytes(rand, 1 + Math.floor(rand() * 100)); // garbage stream
  if (r < 0.1) {
    const b = Buffer.alloc(4);
    b.writeInt32BE(rand() < 0.5 ? 0x7fffffff : -Math.floor(rand() * 1000)); // oversize / negative
    return b;
  }
  if (r < 0.15) return frame(Math.floor(rand() * 200) + 50, 0, randomBytes(rand, 10)); // unknown API
  const [key, version, body] = bodies[Math.floor(rand() * bodies.length)]!;
  if (r < 0.2) return frame(key, version + 1 + Math.floor(rand() * 20), body); // unknown version
  if (r < 0.3) return frame(key, version, body); // valid
  return frame(key, version, mutate(rand, body));
}

function fuzzConnection(port: number, frames: Buffer[], rand: () => number): Promise<void> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    const timer = setTimeout(finish, 30 + Math.floor(rand() * 120));
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('data', () => undefined);
    socket.on('connect', () => {
      for (const f of frames) {
        // Sometimes vanish in the middle of a frame.
        if (rand() < 0.05) {
          socket.write(f.subarray(0, Math.floor(f.length / 2)));
          finish();
          return;
        }
        socket.write(f);
      }
    });
  });
}

describe('robustness: malformed frames on raw sockets', () => {
  let broker: TestBroker;
  const errorLines: string[] = [];

  beforeAll(async () => {
    broker = await startTestBroker(
      { logLevel: 'error', maxFrameBytes: 1024 * 1024, logSink: (line) => errorLines.push(line) },
      false,
    );
  });

  afterAll(async () => {
    await broker.close();
  });

  it('survives thousands of random and malformed frames while a kafkajs client keeps working', async () => {
    const lite = broker.lite!;
    const topic = uniqueName('fuzz-live');
    const fuzzTopic = uniqueName('fuzz-target');
    const kafka = kafkaClient(broker.brokers);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic, numPartitions: 2 },
        { topic: fuzzTopic, numPartitions: 1 },
      ],
    });
    const producer = kafka.producer(producerOptions);
    const consumer = kafka.consumer(fastConsumer(uniqueName('fuzz-g')));
    await Promise.all([producer.connect(), consumer.connect()]);
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = new Set<string>();
    await consumer.run({
      eachMessage: ({ message }) => {
        received.add(message.value?.toString() ?? '');
        return Promise.resolve();
      },
    });

    let clients: { disconnect(): Promise<void> }[] = [producer, consumer, admin];
    const live = { producing: true };
    try {
      let sent = 0;
      const producerLoop = (async () => {
        while (live.producing) {
          await producer.send({ topic, messages: [{ value: `live-${sent}` }] });
          sent++;
          await new Promise((r) => setTimeout(r, 20));
        }
      })();

      const seed = Date.now() % 1_000_000;
      const rand = mulberry32(seed);
      const bodies = await corpus(fuzzTopic);
      let frames = 0;
      const rounds = 12;
      const perRound = 20;
      for (let round = 0; round < rounds; round++) {
        const conns: Promise<void>[] = [];
        for (let c = 0; c < perRound; c++) {
          const n = 1 + Math.floor(rand() * 25);
          const list = Array.from({ length: n }, () => evilFrame(rand, bodies));
          frames += n;
          conns.push(fuzzConnection(lite.port, list, rand));
        }
        await Promise.all(conns);
        const mid = sent;
        await waitFor(() => received.has(`live-${mid - 1}`) || mid === 0, {
          timeoutMs: 10_000,
          description: `live traffic flows during fuzz round ${round} (seed ${seed})`,
        });
      }
      expect(frames).toBeGreaterThan(2000);
      // Bad input is a protocol error for that connection, never an internal error of the broker.
      expect(errorLines).toEqual([]);

      live.producing = false;
      await producerLoop;
      await waitFor(() => received.size === sent, {
        timeoutMs: 10_000,
        description: `all ${sent} live messages consumed`,
      });

      const stats = lite.stats();
      expect(stats.connections.closedForErrors).toBeGreaterThan(100);
      // Every fuzz connection is gone and left nothing behind: only the live consumer may be long-polling.
      await waitFor(() => lite.stats().connections.open <= 6, { description: 'fuzz connections closed' });
      expect(lite.stats().parkedFetches).toBeLessThanOrEqual(1);

      await Promise.all([producer.disconnect(), consumer.disconnect()]);
      clients = [];
      const fuzzGroup = await admin.describeGroups(['fuzz-group']);
      expect(fuzzGroup.groups[0]?.members.length ?? 0).toBe(0);
      await admin.disconnect();
      clients = [];
      await waitFor(() => lite.stats().connections.open === 0, { description: 'all connections closed' });
      expect(lite.stats().parkedFetches).toBe(0);
    } finally {
      live.producing = false;
      await Promise.all(clients.map((c) => c.disconnect()));
    }
  });
});
