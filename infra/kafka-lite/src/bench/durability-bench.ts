/**
 * What fsync costs: two brokers with a data directory, one acknowledging after write(2), the other
 * after fsync; OffsetCommit latency (one at a time) and acks=-1 produce throughput, runs alternating.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildBatch } from '../protocol/build-batch.test-support';
import { median, ms, perSec, spread } from './figures';
import { forkBroker, type Broker } from './processes';
import { rawCommitLatency, rawProduceThroughput } from './raw-kafka';

const RUNS = 3;
const COMMITS = 300;
const BATCHES = 200;
const RECORDS_PER_BATCH = 100;

export async function durabilityBench(print: (line: string) => void): Promise<void> {
  const dirs = [false, true].map((fsync) =>
    mkdtempSync(path.join(tmpdir(), `kafka-lite-bench-fsync-${fsync}-`)),
  );
  const brokers: Broker[] = [];
  try {
    brokers.push(await forkBroker({ dataDir: dirs[0], fsync: false }));
    brokers.push(await forkBroker({ dataDir: dirs[1], fsync: true }));
    const values = Array.from({ length: RECORDS_PER_BATCH }, () => 'x'.repeat(100));
    const batches = Array.from({ length: BATCHES }, () => buildBatch(values, Date.now()));
    const commitP50: number[][] = [[], []];
    const commitP99: number[][] = [[], []];
    const produce: number[][] = [[], []];
    for (let run = 0; run < RUNS; run++) {
      for (const [i, broker] of brokers.entries()) {
        const topic = `bench-durable-${run}-${Date.now()}`;
        const h = await rawCommitLatency(broker.port, topic, COMMITS);
        commitP50[i]?.push(h.getValueAtPercentile(50));
        commitP99[i]?.push(h.getValueAtPercentile(99));
        const seconds = await rawProduceThroughput(broker.port, topic, batches, -1, 4);
        produce[i]?.push((BATCHES * RECORDS_PER_BATCH) / seconds);
      }
    }
    for (const [i, label] of [
      'write(2) before the answer (default)',
      'fsync before the answer (--fsync)',
    ].entries()) {
      print(
        `${label}: OffsetCommit p50 ${spread(commitP50[i] ?? [], ms)}, p99 ${spread(commitP99[i] ?? [], ms)}; ` +
          `acks=-1 produce (100 × 100 B per batch, 4 in flight) ${spread(produce[i] ?? [], perSec)} msgs/s`,
      );
    }
    const slower = median(commitP50[1] ?? []) / median(commitP50[0] ?? []);
    const fewer = 1 - median(produce[1] ?? []) / median(produce[0] ?? []);
    print(
      `fsync costs: commit latency × ${slower.toFixed(1)}, acks=-1 produce throughput −${(fewer * 100).toFixed(0)}% ` +
        `(data dir on ${tmpdir()})`,
    );
  } finally {
    await Promise.all(brokers.map((b) => b.stop()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
