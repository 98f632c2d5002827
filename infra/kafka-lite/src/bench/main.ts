/**
 * `pnpm bench:kafka-lite` — kafkajs producer → kafka-lite (child process) → kafkajs consumer group.
 * Prints messages/s, end-to-end latency, broker RSS and broker CPU relative to the clients, plus a raw
 * TCP round trip as the floor. Figures, not a test: nothing here fails on a slow machine.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';
import { Kafka, logLevel } from 'kafkajs';
import type { BrokerReady, BrokerUsage } from './broker-process';
import type { ClientJob, ClientReport } from './client-process';
import { rawProduceToFetch } from './raw-kafka';

interface Broker {
  child: ChildProcess;
  port: number;
  echoPort: number;
  usage(): Promise<BrokerUsage>;
  stop(): Promise<void>;
}

async function forkBroker(): Promise<Broker> {
  const child = fork(path.join(__dirname, 'broker-process.ts'), [], {
    execArgv: process.execArgv,
    stdio: 'inherit',
  });
  const ready = await new Promise<BrokerReady>((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (m: BrokerReady | BrokerUsage) => {
      if (m.type === 'ready') resolve(m);
    });
  });
  return {
    child,
    port: ready.port,
    echoPort: ready.echoPort,
    usage: () =>
      new Promise((resolve) => {
        const onMessage = (m: BrokerReady | BrokerUsage): void => {
          if (m.type !== 'usage') return;
          child.off('message', onMessage);
          resolve(m);
        };
        child.on('message', onMessage);
        child.send({ type: 'usage' });
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          resolve();
        });
        child.send({ type: 'stop' });
      }),
  };
}

function histogram(): hdr.Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

async function tcpRoundTrip(port: number, rounds: number): Promise<hdr.Histogram> {
  const h = histogram();
  const socket = connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const payload = Buffer.alloc(100, 1);
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await new Promise<void>((resolve) => {
      let got = 0;
      const onData = (d: Buffer): void => {
        got += d.length;
        if (got >= payload.length) {
          socket.off('data', onData);
          resolve();
        }
      };
      socket.on('data', onData);
      socket.write(payload);
    });
    if (i >= rounds / 10) h.recordValue(Math.max(1, Math.round((performance.now() - started) * 1000)));
  }
  socket.destroy();
  return h;
}

interface Scenario {
  label: string;
  size: number;
  total: number;
  batch: number;
  inFlight: number;
  gapMs: number;
  maxWaitTimeInMs: number;
  partitions: number;
}

interface ScenarioResult {
  msgsPerSec: number;
  latency: hdr.Histogram;
  brokerCpuMicros: number;
  clientCpuMicros: number;
  usage: BrokerUsage;
}

function forkClient(job: ClientJob): { child: ChildProcess; next: () => Promise<ClientReport> } {
  const child = fork(path.join(__dirname, 'client-process.ts'), [], {
    execArgv: process.execArgv,
    stdio: 'inherit',
  });
  const queue: ClientReport[] = [];
  const waiting: ((r: ClientReport) => void)[] = [];
  child.on('message', (m: ClientReport) => {
    const w = waiting.shift();
    if (w) w(m);
    else queue.push(m);
  });
  child.send(job);
  return {
    child,
    next: () => {
      const queued = queue.shift();
      return queued ? Promise.resolve(queued) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

/** kafkajs producer process → kafka-lite → kafkajs consumer-group process. */
async function runScenario(kafka: Kafka, broker: Broker, sc: Scenario): Promise<ScenarioResult> {
  const topic = `bench-${sc.size}-${sc.batch}-${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: sc.partitions }] });
  await admin.disconnect();
  const common = { brokers: [`127.0.0.1:${broker.port}`], topic, ...sc };
  const consumer = forkClient({ ...common, role: 'consumer' });
  await consumer.next();
  const producer = forkClient({ ...common, role: 'producer' });
  await producer.next();
  const before = await broker.usage();
  producer.child.send('go');
  const [p, c] = await Promise.all([producer.next(), consumer.next()]);
  const usage = await broker.usage();
  if (p.type !== 'done' || c.type !== 'done' || c.latency === undefined)
    throw new Error('bench client failed');
  const seconds = Number(BigInt(c.endNs) - BigInt(p.startNs)) / 1e9;
  return {
    msgsPerSec: sc.total / seconds,
    latency: hdr.decodeFromCompressedBase64(c.latency),
    brokerCpuMicros: usage.cpuMicros - before.cpuMicros,
    clientCpuMicros: p.cpuMicros + c.cpuMicros,
    usage,
  };
}

function ms(micros: number): string {
  return `${(micros / 1000).toFixed(2)} ms`;
}

async function main(): Promise<void> {
  const broker = await forkBroker();
  const kafka = new Kafka({
    brokers: [`127.0.0.1:${broker.port}`],
    clientId: 'bench',
    logLevel: logLevel.NOTHING,
  });
  const lines: string[] = [];
  const print = (line: string): void => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  try {
    print(`kafka-lite benchmark — node ${process.version}, ${process.platform}/${process.arch}`);
    const rtt = await tcpRoundTrip(broker.echoPort, 2000);
    print(
      `raw TCP round trip (100 B echo): p50 ${ms(rtt.getValueAtPercentile(50))}, p99 ${ms(rtt.getValueAtPercentile(99))}`,
    );

    const raw = await rawProduceToFetch(broker.port, `bench-raw-${Date.now()}`, 2000);
    const rawP50 = raw.getValueAtPercentile(50);
    print(
      `bare-protocol produce → parked fetch answered (no client library): p50 ${ms(rawP50)}, ` +
        `p99 ${ms(raw.getValueAtPercentile(99))} (= ${(rawP50 / rtt.getValueAtPercentile(50)).toFixed(1)}× raw TCP p50)`,
    );

    const scenarios: Scenario[] = [
      {
        label: '100 B, batches of 1000',
        size: 100,
        total: 300_000,
        batch: 1000,
        inFlight: 4,
        gapMs: 0,
        maxWaitTimeInMs: 100,
        partitions: 3,
      },
      {
        label: '1 KiB, batches of 1000',
        size: 1024,
        total: 100_000,
        batch: 1000,
        inFlight: 4,
        gapMs: 0,
        maxWaitTimeInMs: 100,
        partitions: 3,
      },
      {
        label: '100 B, batches of 100',
        size: 100,
        total: 100_000,
        batch: 100,
        inFlight: 4,
        gapMs: 0,
        maxWaitTimeInMs: 100,
        partitions: 3,
      },
      {
        label: '100 B, one message at a time',
        size: 100,
        total: 1000,
        batch: 1,
        inFlight: 1,
        gapMs: 2,
        maxWaitTimeInMs: 10,
        partitions: 1,
      },
    ];
    for (const sc of scenarios) {
      const r = await runScenario(kafka, broker, sc);
      const p50 = r.latency.getValueAtPercentile(50);
      print(
        `${sc.label}: ${Math.round(r.msgsPerSec).toLocaleString('en-US')} msgs/s ` +
          `(${((r.msgsPerSec * sc.size) / 1024 / 1024).toFixed(1)} MiB/s), ` +
          `e2e p50 ${ms(p50)} p99 ${ms(r.latency.getValueAtPercentile(99))}` +
          (sc.batch === 1 ? ` (= ${(p50 / rtt.getValueAtPercentile(50)).toFixed(1)}× raw TCP p50)` : '') +
          `, broker CPU ${(r.brokerCpuMicros / 1e6).toFixed(2)} s = ` +
          `${(r.brokerCpuMicros / r.clientCpuMicros).toFixed(2)}× clients' ${(r.clientCpuMicros / 1e6).toFixed(2)} s, ` +
          `broker RSS ${(r.usage.rss / 1024 / 1024).toFixed(0)} MiB (peak ${(r.usage.peakRss / 1024 / 1024).toFixed(0)} MiB)`,
      );
    }
  } finally {
    await broker.stop();
  }
}

void main();
