import { waitFor } from '@commlab/testing';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { idleConnectionCount, idleConnections, partialFrames, slowReader } from '../src/bench/attacks';
import { startLiveTraffic, type LiveTraffic } from '../src/bench/live-traffic';
import { forkBroker, type ChildBroker } from './support/child-broker';

jest.setTimeout(120_000);

const MiB = 1024 * 1024;

/** Samples the broker's RSS every 50 ms while `during` runs; returns the peak. */
async function peakRss(broker: ChildBroker, during: () => Promise<void>): Promise<number> {
  let peak = broker.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, broker.rss());
  }, 50);
  try {
    await during();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, broker.rss());
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('flow control: memory stays bounded under attack while a consumer keeps up', () => {
  let broker: ChildBroker;
  let live: LiveTraffic;
  let baseline: number;

  beforeAll(async () => {
    broker = await forkBroker({ logLevel: 'error', groupInitialRebalanceDelayMs: 0 });
    // 8 MiB in one partition: every Fetch of the slow reader can be answered with ~8 MiB.
    const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const value = Buffer.alloc(100 * 1024, 0x61);
    for (let i = 0; i < 8; i++) {
      await producer.send({ topic: 'big', messages: Array.from({ length: 10 }, () => ({ value })) });
    }
    await producer.disconnect();
    live = await startLiveTraffic(broker.bootstrap, 'live');
    await sleep(500);
    baseline = await broker.gc();
  });

  afterAll(async () => {
    await live.stop();
    await broker.stop();
  });

  it('one connection sends 200 Fetch requests of ~8 MiB replies and never reads', async () => {
    live.resetLag();
    let attackBytes = 0;
    const peak = await peakRss(broker, async () => {
      const attack = await slowReader(broker.port, 'big', 200, 8 * MiB);
      attackBytes = attack.sentBytes;
      await sleep(3000);
      const { stats } = await broker.stats();
      // One ~8 MiB reply waits in the socket; the other requests stay unread in the kernel.
      expect(stats.memory.bufferedBytes).toBeLessThan(12 * MiB);
      attack.close();
    });
    process.stdout.write(
      `slow reader: baseline ${(baseline / MiB).toFixed(0)} MiB, peak ${(peak / MiB).toFixed(0)} MiB, ` +
        `lag ${live.maxLagMs()} ms, sent ${attackBytes} B\n`,
    );
    expect(peak).toBeLessThan(baseline + 64 * MiB);
    expect(live.maxLagMs()).toBeLessThan(1500);
  });

  it('five connections each send 60 MB of a declared 100 MiB frame', async () => {
    live.resetLag();
    let sent = 0;
    const peak = await peakRss(broker, async () => {
      const attack = await partialFrames(broker.port, 5, 100 * MiB, 60 * MiB);
      sent = attack.sentBytes;
      await sleep(1000);
      const { stats } = await broker.stats();
      // One frame holds a reservation of the 128 MiB budget; the other four wait for it, unread.
      expect(stats.memory.budgetUsed).toBe(100 * MiB);
      expect(stats.memory.waitingForBudget).toBe(4);
      attack.close();
      await waitFor(async () => (await broker.stats()).stats.memory.budgetUsed === 0, {
        description: 'reservations released when the connections close',
      });
    });
    const after = await broker.gc();
    process.stdout.write(
      `partial frames: baseline ${(baseline / MiB).toFixed(0)} MiB, peak ${(peak / MiB).toFixed(0)} MiB, ` +
        `after close+gc ${(after / MiB).toFixed(0)} MiB, lag ${live.maxLagMs()} ms, sent ${(sent / MiB).toFixed(0)} MiB\n`,
    );
    expect(peak).toBeLessThan(baseline + 100 * MiB);
    expect(after).toBeLessThan(baseline + 32 * MiB);
    expect(live.maxLagMs()).toBeLessThan(1500);
  });
});

describe('flow control: idle connections are closed after connections.max.idle.ms', () => {
  let broker: ChildBroker;
  let live: LiveTraffic;

  beforeAll(async () => {
    broker = await forkBroker({
      logLevel: 'error',
      groupInitialRebalanceDelayMs: 0,
      connectionsMaxIdleMs: 1500,
    });
    live = await startLiveTraffic(broker.bootstrap, 'live-idle');
  });

  afterAll(async () => {
    await live.stop();
    await broker.stop();
  });

  const count = idleConnectionCount(10_000);

  it(`closes ${count} idle connections and keeps the active ones`, async () => {
    const baseline = await broker.gc();
    live.resetLag();
    let idle: Awaited<ReturnType<typeof idleConnections>> | undefined;
    const peak = await peakRss(broker, async () => {
      idle = await idleConnections(broker.port, count);
      await waitFor(() => idle?.open() === 0, { timeoutMs: 20_000, description: 'idle connections closed' });
    });
    idle?.close();
    const { stats } = await broker.stats();
    process.stdout.write(
      `idle: baseline ${(baseline / MiB).toFixed(0)} MiB, peak ${(peak / MiB).toFixed(0)} MiB, lag ${live.maxLagMs()} ms, ` +
        `open ${stats.connections.open}, closed idle ${stats.connections.closedIdle}\n`,
    );
    expect(stats.connections.closedIdle).toBeGreaterThanOrEqual(count);
    expect(stats.connections.open).toBeGreaterThan(0);
    expect(peak).toBeLessThan(baseline + 128 * MiB);
    const before = live.received();
    await waitFor(() => live.received() > before + 5, { description: 'live traffic still flows' });
  });
});
