/**
 * `pnpm bench:kafka-lite` — kafkajs producer → kafka-lite (child process) → kafkajs consumer group,
 * plus idempotent produce, fsync and the robustness attacks. Prints messages/s, end-to-end latency,
 * broker RSS and broker CPU relative to the clients, with a raw TCP round trip as the floor, and
 * checks the figures against the goals at the end. Figures, not a test: nothing here fails on a slow
 * machine.
 */
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import type * as hdr from 'hdr-histogram-js';
import { Kafka, logLevel } from 'kafkajs';
import { attackBench, idleBench } from './attack-bench';
import { durabilityBench } from './durability-bench';
import { histogram, median, mib, ms, perSec, spread } from './figures';
import { idempotenceBench } from './idempotence-bench';
import { BATCHED_100B, runScenario, type Scenario } from './kafkajs-scenario';
import { forkBroker } from './processes';
import { rawProduceToFetch } from './raw-kafka';

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

/** Runs of each kafkajs scenario; figures are printed as median (min – max). */
const RUNS = 3;

const SCENARIOS: Scenario[] = [
  BATCHED_100B,
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

async function main(): Promise<void> {
  const print = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  const goals: string[] = [];
  const goal = (met: boolean, text: string): void => {
    goals.push(`${met ? 'met    ' : 'NOT MET'}  ${text}`);
  };
  print(`kafka-lite benchmark — node ${process.version}, ${process.platform}/${process.arch}`);
  const broker = await forkBroker();
  const kafka = new Kafka({
    brokers: [`127.0.0.1:${broker.port}`],
    clientId: 'bench',
    logLevel: logLevel.NOTHING,
  });
  try {
    print('\n== throughput and latency (kafkajs producer process → kafka-lite → kafkajs consumer process)');
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
    let worstCpuRatio = 0;
    for (const sc of SCENARIOS) {
      const runs = [];
      for (let run = 0; run < RUNS; run++) runs.push(await runScenario(kafka, broker, sc));
      const rates = runs.map((r) => r.msgsPerSec);
      const ratios = runs.map((r) => r.brokerCpuMicros / r.clientCpuMicros);
      const p50s = runs.map((r) => r.latency.getValueAtPercentile(50));
      const p99s = runs.map((r) => r.latency.getValueAtPercentile(99));
      worstCpuRatio = Math.max(worstCpuRatio, median(ratios));
      const vsTcp = ` (p50 = ${(median(p50s) / rtt.getValueAtPercentile(50)).toFixed(1)}× raw TCP p50)`;
      print(
        `${sc.label}: ${spread(rates, perSec)} msgs/s; e2e p50 ${spread(p50s, ms)}, p99 ${spread(p99s, ms)}` +
          (sc.batch === 1 ? vsTcp : '') +
          `; broker CPU ÷ clients' CPU ${spread(ratios, (n) => n.toFixed(2))}; ` +
          `broker RSS ${mib(runs[runs.length - 1]?.usage.rss ?? 0)}`,
      );
      if (sc === BATCHED_100B)
        goal(median(rates) >= 50_000, `≥ 50,000 msgs/s batched 100 B: ${spread(rates, perSec)}`);
    }
    goal(
      worstCpuRatio <= 0.5,
      `broker CPU ≤ 0.5× the clients' in every scenario: worst median ${worstCpuRatio.toFixed(2)}×`,
    );

    print('\n== idempotent produce');
    const idem = await idempotenceBench(kafka, broker, print);
    goal(
      idem.kafkajsCost <= 0.1,
      `idempotent produce costs ≤ 10% throughput: kafkajs ${(idem.kafkajsCost * 100).toFixed(1)}%, ` +
        `broker alone ${(idem.brokerCost * 100).toFixed(1)}% (broker CPU/msg ${(idem.brokerCpuCost * 100).toFixed(1)}%)`,
    );
  } finally {
    await broker.stop();
  }

  print('\n== durability: acknowledged after write(2), or after fsync');
  await durabilityBench(print);

  print('\n== attacks (fresh broker with default limits; kafkajs traffic alongside)');
  const attack = await attackBench(print);
  await idleBench(print);
  goal(
    attack.slowReaderPeakRss < 300 * 1024 * 1024,
    `slow reader: broker RSS < 300 MiB: peak ${mib(attack.slowReaderPeakRss)}`,
  );
  goal(
    attack.slowReaderMaxLagMs < 1000,
    `slow reader: consumer lag < 1 s: ${attack.slowReaderMaxLagMs.toFixed(0)} ms`,
  );

  print('\n== goals (medians where runs repeat)');
  for (const g of goals) print(g);
}

void main();
