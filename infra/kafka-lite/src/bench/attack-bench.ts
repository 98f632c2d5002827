/**
 * The robustness attacks with figures: the broker's peak RSS and a concurrent kafkajs consumer's
 * largest lag while one connection asks for 200 large Fetch replies and never reads (the slow
 * reader), while five connections each send 60 MB of a declared 100 MiB frame, and while 10,000
 * connections sit idle.
 */
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { idleConnectionCount, idleConnections, partialFrames, slowReader, type Attack } from './attacks';
import { median, mib, spread } from './figures';
import { startLiveTraffic } from './live-traffic';
import { forkBroker } from './processes';

const MiB = 1024 * 1024;
const RUNS = 3;

export interface AttackFigures {
  slowReaderPeakRss: number;
  slowReaderMaxLagMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function attackBench(print: (line: string) => void): Promise<AttackFigures> {
  const broker = await forkBroker();
  const bootstrap = `127.0.0.1:${broker.port}`;
  const kafka = new Kafka({ brokers: [bootstrap], clientId: 'bench-attack', logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const value = Buffer.alloc(100 * 1024, 0x61);
  for (let i = 0; i < 8; i++)
    await producer.send({ topic: 'big', messages: Array.from({ length: 10 }, () => ({ value })) });
  await producer.disconnect();
  const live = await startLiveTraffic(bootstrap, 'bench-live');
  try {
    await sleep(1000);
    const idle = (await broker.usage()).rss;
    const measure = async (attack: () => Promise<Attack>, holdMs: number) => {
      broker.resetPeak();
      live.resetLag();
      const before = await broker.usage();
      const a = await attack();
      await sleep(holdMs);
      const after = await broker.usage();
      a.close();
      await sleep(500);
      return { peak: after.peakRss, lag: live.maxLagMs(), cpu: (after.cpuMicros - before.cpuMicros) / 1e6 };
    };
    const slow = [];
    for (let run = 0; run < RUNS; run++)
      slow.push(await measure(() => slowReader(broker.port, 'big', 200, 8 * MiB), 5000));
    print(
      `slow reader (200 Fetch requests of ~8 MiB, never read), 5 s each: broker RSS ${mib(idle)} before, ` +
        `peak ${spread(
          slow.map((s) => s.peak),
          mib,
        )}; concurrent consumer's largest lag ` +
        `${spread(
          slow.map((s) => s.lag),
          (n) => `${n.toFixed(0)} ms`,
        )}; broker CPU ${spread(
          slow.map((s) => s.cpu),
          (n) => `${n.toFixed(2)} s`,
        )}`,
    );
    const partial = [];
    for (let run = 0; run < RUNS; run++) {
      partial.push(await measure(() => partialFrames(broker.port, 5, 100 * MiB, 60 * MiB), 1000));
    }
    print(
      `partial frames (5 connections × 60 MB of a declared 100 MiB): broker RSS peak ${spread(
        partial.map((s) => s.peak),
        mib,
      )}; ` +
        `consumer's largest lag ${spread(
          partial.map((s) => s.lag),
          (n) => `${n.toFixed(0)} ms`,
        )}`,
    );
    return {
      slowReaderPeakRss: median(slow.map((s) => s.peak)),
      slowReaderMaxLagMs: median(slow.map((s) => s.lag)),
    };
  } finally {
    await live.stop();
    await broker.stop();
  }
}

export async function idleBench(print: (line: string) => void): Promise<void> {
  const broker = await forkBroker({ connectionsMaxIdleMs: 2000 });
  try {
    const before = (await broker.usage()).rss;
    broker.resetPeak();
    const started = Date.now();
    const count = idleConnectionCount(10_000);
    const conns = await idleConnections(broker.port, count);
    const opened = Date.now() - started;
    while (conns.open() > 0 && Date.now() - started < 30_000) await sleep(50);
    const closedAfter = Date.now() - started;
    const usage = await broker.usage();
    conns.close();
    print(
      `${count.toLocaleString('en-US')} idle connections (connections.max.idle.ms 2000): opened in ${opened} ms, all closed by the broker ` +
        `after ${closedAfter} ms; broker RSS ${mib(before)} before, peak ${mib(usage.peakRss)}`,
    );
  } finally {
    await broker.stop();
  }
}
