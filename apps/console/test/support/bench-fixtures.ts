import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Latencies (µs) of a few scenarios, as `pnpm bench` writes them. */
const SCENARIOS: [string, string, string, number][] = [
  ['rr.tcp.floor', 'request-reply', 'tcp', 40],
  ['rr.rest.raw', 'request-reply', 'rest', 180],
  ['rr.grpc.raw', 'request-reply', 'grpc', 420],
  ['rr.rabbitmq.raw', 'request-reply', 'rabbitmq', 650],
  ['rr.kafka.raw', 'request-reply', 'kafka', 2_100],
  ['e2e.order.sync', 'end-to-end', 'grpc', 9_800],
];

function results(startedAt: string, factor: number): unknown {
  return {
    schema: 'commlab-bench/v1',
    startedAt,
    finishedAt: startedAt,
    machine: { cpus: 2, cpuModel: 'e2e fixture', memoryBytes: 0, os: 'linux', node: process.version },
    packages: {},
    settings: { quick: true },
    harnessCost: {},
    scenarios: SCENARIOS.map(([name, group, transport, p50]) => ({
      name,
      group,
      transport,
      kind: 'raw',
      description: name,
      runs: (['closed', 'open'] as const).map((mode) => {
        const median = Math.round(p50 * factor * (mode === 'open' ? 1.3 : 1));
        return {
          mode,
          load: mode === 'closed' ? 'closed, 1 in flight' : 'open, 200/s',
          latency: {
            count: 1000,
            p50: median,
            p90: median * 2,
            p99: median * 4,
            p999: median * 6,
            max: median * 9,
            mean: median,
          },
          throughputPerSecond: Math.round(1_000_000 / median),
          errors: 0,
          timeouts: 0,
        };
      }),
    })),
    goals: [],
    notes: [],
  };
}

/** A bench-results folder with two runs (the second a little slower), for the benchmarks view. */
export function benchResultsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'commlab-console-bench-'));
  for (const [id, startedAt, factor] of [
    ['2026-01-01T10-00-00Z', '2026-01-01T10:00:00.000Z', 1],
    ['2026-01-02T10-00-00Z', '2026-01-02T10:00:00.000Z', 1.2],
  ] as const) {
    mkdirSync(join(dir, id));
    writeFileSync(join(dir, id, 'results.json'), JSON.stringify(results(startedAt, factor)));
  }
  return dir;
}
