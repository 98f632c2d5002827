import { waitFor } from '@commlab/testing';
import { startKafkaLite, type KafkaLite } from '@commlab/kafka-lite';
import { buildBatch } from '../src/protocol/build-batch.test-support';
import {
  fetchBody,
  fetchResult,
  heartbeatBody,
  joinGroupBody,
  joinGroupResult,
  listOffsetsBody,
  listOffsetsResult,
  offsetCommitBody,
  offsetCommitError,
  produceBody,
  produceResult,
  syncGroupBody,
  throttledError,
} from './support/raw-requests';
import { TEST_GROUP_SETTINGS } from './support/broker';
import { RawClient } from './support/raw-client';

jest.setTimeout(20_000);

describe('kafka-lite on the wire', () => {
  let lite: KafkaLite;
  const logs: string[] = [];
  const clients: RawClient[] = [];

  beforeAll(async () => {
    lite = await startKafkaLite({
      logLevel: 'warn',
      logSink: (l) => logs.push(l),
      maxFrameBytes: 4096,
      connectionBufferBytes: 1024,
      topics: [{ name: 'raw', partitions: 1 }],
      ...TEST_GROUP_SETTINGS,
    });
  });

  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });

  afterAll(async () => {
    await lite.close();
  });

  async function client(): Promise<RawClient> {
    const c = await RawClient.open(lite.port);
    clients.push(c);
    return c;
  }

  it('answers CORRUPT_MESSAGE for a CRC mismatch and keeps the connection', async () => {
    const c = await client();
    const bad = buildBatch(['x']);
    bad.writeUInt8(bad.readUInt8(bad.length - 1) ^ 0xff, bad.length - 1);
    expect(produceResult((await c.send(0, 7, produceBody('raw', bad))).r)).toMatchObject({ errorCode: 2 });
    expect(produceResult((await c.send(0, 7, produceBody('raw', buildBatch(['ok'])))).r)).toMatchObject({
      errorCode: 0,
    });
  });

  it('answers INVALID_RECORD for two record batches to one partition (one allowed, as Kafka)', async () => {
    const c = await client();
    const two = Buffer.concat([buildBatch(['one']), buildBatch(['two'])]);
    expect(produceResult((await c.send(0, 7, produceBody('raw', two))).r).errorCode).toBe(87);
  });

  it('sends nothing for acks=0 and keeps responses in request order', async () => {
    const c = await client();
    c.sendNoReply(0, 7, produceBody('raw', buildBatch(['silent']), 0));
    const { correlationId } = await c.send(18, 2, () => undefined);
    expect(correlationId).toBe(1);
  });

  it('reads frames around the per-connection buffer size, small and reserved ones, whole or in pieces', async () => {
    const c = await client();
    // Produce frames from about 900 to 1100 bytes: below, at and above connectionBufferBytes (1024).
    const bodies = Array.from({ length: 41 }, (_, i) =>
      produceBody('raw', buildBatch(['v'.repeat(800 + i * 5)])),
    );
    const pipelined = await Promise.all(bodies.map((body) => c.send(0, 7, body)));
    expect(pipelined.map((x) => produceResult(x.r).errorCode)).toEqual(bodies.map(() => 0));
    // One at a time, each cut two bytes before its end: the broker must keep reading an incomplete frame.
    for (const body of bodies) {
      const { r } = await c.send(0, 7, body, (length) => length - 2);
      expect(produceResult(r).errorCode).toBe(0);
    }
    expect(lite.stats().memory.budgetUsed).toBe(0);
  });

  it('answers ApiVersions v3 with UNSUPPORTED_VERSION in the v0 layout', async () => {
    const c = await client();
    const { r } = await c.send(18, 3, () => undefined);
    expect(r.int16()).toBe(35);
    expect(r.array((x) => [x.int16(), x.int16(), x.int16()])).toContainEqual([0, 3, 7]);
    expect(r.remaining).toBe(0);
  });

  it.each([
    ['an unknown API', (c: RawClient) => c.sendNoReply(99, 0, () => undefined), 'UNSUPPORTED_API'],
    ['an unsupported version', (c: RawClient) => c.sendNoReply(1, 3, () => undefined), 'UNSUPPORTED_VERSION'],
    [
      'an oversize frame',
      (c: RawClient) => {
        c.writeRaw(Buffer.from([0, 0, 0x20, 0, 0, 0]));
      },
      'FRAME_TOO_LARGE',
    ],
    ['a truncated body', (c: RawClient) => c.sendNoReply(3, 6, (w) => w.int32(5)), 'MALFORMED_FRAME'],
  ])('closes the connection on %s and logs why', async (_name, send, code) => {
    const c = await client();
    send(c);
    await c.closed;
    await waitFor(() => logs.some((l) => l.includes(code)), { description: `log line with ${code}` });
    const other = await client();
    expect((await other.send(18, 0, () => undefined)).r.int16()).toBe(0);
  });

  it('long-polls Fetch until max_wait_ms when there is no data', async () => {
    const c = await client();
    const hw = fetchResult((await c.send(1, 11, fetchBody('raw', 0, 0))).r).hw;
    const started = Date.now();
    const res = fetchResult((await c.send(1, 11, fetchBody('raw', hw, 300))).r);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(res).toEqual({ errorCode: 0, hw, recordBytes: 0 });
  });

  it('wakes a parked Fetch as soon as data is appended', async () => {
    const c = await client();
    const producer = await client();
    const hw = fetchResult((await c.send(1, 11, fetchBody('raw', 0, 0))).r).hw;
    const started = Date.now();
    const parked = c.send(1, 11, fetchBody('raw', hw, 5000));
    await waitFor(() => lite.stats().parkedFetches === 1, { description: 'fetch parked' });
    await producer.send(0, 7, produceBody('raw', buildBatch(['wake'])));
    const res = fetchResult((await parked).r);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.hw).toBe(hw + 1);
    expect(res.recordBytes).toBeGreaterThan(0);
  });

  it('answers ListOffsets by time with the record found and its timestamp, or -1', async () => {
    const c = await client();
    const t = 1_800_000_000_000;
    const base = produceResult(
      (await c.send(0, 7, produceBody('raw', buildBatch(['x', 'y', 'z'], t, { timestampDeltas: [0, 5, 9] }))))
        .r,
    ).baseOffset;
    expect(listOffsetsResult((await c.send(2, 1, listOffsetsBody('raw', t + 1))).r)).toEqual({
      errorCode: 0,
      timestamp: t + 5,
      offset: base + 1,
    });
    expect(listOffsetsResult((await c.send(2, 1, listOffsetsBody('raw', t + 10))).r)).toEqual({
      errorCode: 0,
      timestamp: -1,
      offset: -1,
    });
  });

  it('checks idempotent producer sequences: retries answered once, gaps and old epochs refused', async () => {
    const c = await client();
    const init = (await c.send(22, 1, (w) => w.string(null).int32(60_000))).r;
    init.int32(); // throttle
    expect(init.int16()).toBe(0);
    const producerId = init.int64();
    expect(init.int16()).toBe(0); // epoch
    const send = async (epoch: number, sequence: number, values: string[]) =>
      produceResult(
        (
          await c.send(
            0,
            7,
            produceBody(
              'raw',
              buildBatch(values, Date.now(), { producerId, producerEpoch: epoch, baseSequence: sequence }),
              -1,
            ),
          )
        ).r,
      );
    const first = await send(0, 0, ['p', 'q']);
    expect(first.errorCode).toBe(0);
    // The same batch again (a retry): the first answer's offset, nothing appended.
    expect(await send(0, 0, ['p', 'q'])).toEqual(first);
    expect((await send(0, 2, ['r'])).baseOffset).toBe(first.baseOffset + 2);
    expect((await send(0, 9, ['gap'])).errorCode).toBe(45); // OUT_OF_ORDER_SEQUENCE_NUMBER
    expect((await send(1, 0, ['new epoch'])).errorCode).toBe(0);
    expect((await send(0, 3, ['fenced'])).errorCode).toBe(47); // INVALID_PRODUCER_EPOCH
    const end = listOffsetsResult((await c.send(2, 1, listOffsetsBody('raw', -1))).r).offset;
    expect(end).toBe(first.baseOffset + 4);
  });

  it('answers OFFSET_OUT_OF_RANGE past the high watermark', async () => {
    const c = await client();
    expect(fetchResult((await c.send(1, 11, fetchBody('raw', 1_000_000, 1000))).r).errorCode).toBe(1);
  });

  it('leaks no parked fetch or group member when a client vanishes mid-request', async () => {
    const c = await client();
    const hw = fetchResult((await c.send(1, 11, fetchBody('raw', 0, 0))).r).hw;
    c.sendNoReply(1, 11, fetchBody('raw', hw, 60_000));
    await waitFor(() => lite.stats().parkedFetches === 1, { description: 'fetch parked' });
    c.close();
    await waitFor(() => lite.stats().parkedFetches === 0, { description: 'parked fetch released on close' });

    const j = await client();
    const first = joinGroupResult((await j.send(11, 3, joinGroupBody('vanish-g', ''))).r);
    expect(first).toMatchObject({ errorCode: 0, generation: 1, members: 1 });
    // A second member parks, waiting for the first to rejoin, then vanishes.
    const j2 = await client();
    j2.sendNoReply(11, 3, joinGroupBody('vanish-g', ''));
    await new Promise((r) => setTimeout(r, 100));
    j2.close();
    await j2.closed;
    await new Promise((r) => setTimeout(r, 50));
    // The first member's rejoin completes at once with only itself, not after the 60 s rebalance timeout.
    const started = Date.now();
    const again = joinGroupResult((await j.send(11, 3, joinGroupBody('vanish-g', first.memberId))).r);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(again).toMatchObject({ errorCode: 0, generation: 2, leader: first.memberId, members: 1 });
  });

  it('accepts commits of the current generation while a rebalance is prepared, as Kafka', async () => {
    const a = await client();
    const first = joinGroupResult((await a.send(11, 3, joinGroupBody('commit-g', ''))).r);
    expect(
      throttledError(
        (await a.send(14, 1, syncGroupBody('commit-g', first.generation, first.memberId, 'p0'))).r,
      ),
    ).toBe(0);
    // A second member joins: the group prepares a rebalance and waits for the first to rejoin.
    const b = await client();
    const second = b.send(11, 3, joinGroupBody('commit-g', ''));
    await new Promise((r) => setTimeout(r, 100));
    expect(
      throttledError((await a.send(12, 1, heartbeatBody('commit-g', first.generation, first.memberId))).r),
    ).toBe(27);
    // The first member commits what it processed before it rejoins: accepted, nothing is read twice.
    const commit = (generation: number) =>
      a.send(8, 2, offsetCommitBody('commit-g', 'raw', 0, 1, generation, first.memberId));
    expect(offsetCommitError((await commit(first.generation)).r)).toBe(0);
    const rejoined = joinGroupResult((await a.send(11, 3, joinGroupBody('commit-g', first.memberId))).r);
    expect(joinGroupResult((await second).r)).toMatchObject({
      errorCode: 0,
      generation: first.generation + 1,
    });
    // Between JoinGroup and SyncGroup the new generation's commits wait: REBALANCE_IN_PROGRESS.
    expect(offsetCommitError((await commit(rejoined.generation)).r)).toBe(27);
    // A commit without generation is refused while the group has members (UNKNOWN_MEMBER_ID).
    expect(offsetCommitError((await a.send(8, 2, offsetCommitBody('commit-g', 'raw', 0, 1))).r)).toBe(25);
  });

  it('refuses session timeouts outside group.min/max.session.timeout.ms', async () => {
    const c = await client();
    const tooShort = joinGroupResult((await c.send(11, 3, joinGroupBody('short-g', '', 500))).r);
    expect(tooShort.errorCode).toBe(26); // INVALID_SESSION_TIMEOUT (minimum 1000 in this suite)
  });
});
