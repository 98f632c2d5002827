import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { requireRabbitMq, requireRedis } from '@commlab/testing';

import { benchCommand, type BenchCommandOutcome } from '../src/cli/bench-command';
import type { BenchResults } from '../src/report/bench-results';
import { builtinRegistry } from '../src/scenarios/builtin-scenarios';
import { SERVICE_SCENARIOS } from '../src/scenarios/service';
import { serverChildren } from './support/server-children';

/** The process serving each service scenario's calls: it must have spent CPU on them. */
const SERVED_BY: Record<string, string | undefined> = {
  'rr.grpc.inventory': 'inventory-service',
  'rr.rest.inventory': 'inventory-service',
  'rr.rabbitmq.inventory': 'inventory-service',
  'rr.kafka.inventory': 'inventory-service',
  'e2e.order.sync': 'order-service',
  'e2e.order.async': 'order-service',
  'e2e.order.async-callback': 'order-service',
  'token.grpc.auth': 'auth-service',
  'token.rest.auth': 'auth-service',
  // token.jwks.local verifies in the bench process: the stack only idles.
};

/** The path of an async order to its webhook, reserving over `command` (a command, or OrderAccepted). */
const toWebhook = (command: 'rabbitmq' | 'kafka'): RegExp[] => [
  /^auth-service /,
  /^inventory-service /,
  new RegExp(`^order-service → inventory-service \\(${command}\\)$`),
  /^inventory-service → order-service \(kafka\)$/,
  /^order-service → webhook receiver \(http\)$/,
];

/**
 * What each end-to-end row's hop bar must name: the services its orders cross before their time ends, and
 * the transports of the path (the callback rows: the broker each way and the webhook).
 */
const HOPS_CROSS: Record<string, readonly RegExp[]> = {
  'e2e.order.sync': [
    /^order-service /,
    /^auth-service /,
    /^inventory-service /,
    /→ inventory-service \(grpc\)/,
  ],
  'e2e.order.async': [/^order-service /, /^auth-service /],
  'e2e.order.async-callback': toWebhook('rabbitmq'),
  'e2e.order.choreography-callback': toWebhook('kafka'),
};

/**
 * The processes still running with this run's bench stack's data directory (named on its "bench stack:"
 * line): another bench running beside this test (its own directory) is not counted.
 */
function benchStackProcesses(stderr: readonly string[]): number[] {
  const dataDir = stderr
    .map((line) => /^bench stack: pnpm start on ports .*\(data (\S+), /.exec(line)?.[1])
    .find((dir) => dir !== undefined);
  if (dataDir === undefined) throw new Error(`no "bench stack:" line on stderr:\n${stderr.join('\n')}`);
  const marker = `COMMLAB_DATA_DIR=${dataDir}`;
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8')
          .split('\0')
          .some((v) => v === marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * `pnpm bench --quick` through the module API, with its default target: the services as processes of a
 * `pnpm start` the bench starts (free ports, own vhost, data directory and redis-server) on the real
 * RabbitMQ; for the raw and framework rows, their servers in processes of their own and a kafka-lite the
 * bench starts in one too. Fails (never skips) when RabbitMQ or Redis is down.
 */
describe('pnpm bench --quick (real brokers)', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'commlab-bench-'));
  const stdout: string[] = [];
  const stderr: string[] = [];
  let outcome: BenchCommandOutcome;

  beforeAll(async () => {
    await requireRabbitMq();
    await requireRedis();
    outcome = await benchCommand(['--quick', '--out', outDir], {
      out: (line) => stdout.push(line),
      err: (line) => stderr.push(line),
    });
  }, 600_000);

  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  /** stdout as lines (an entry may hold several, the table's). */
  const stdoutLines = () => stdout.flatMap((entry) => entry.split('\n'));

  it('exits 0 and says what ran and where the results went', () => {
    // The lines allowed on stderr: where the bench stack runs, while it starts; how long the setup took.
    const problems = stderr.filter(
      (line) =>
        !line.startsWith('bench stack: pnpm start on ports ') &&
        !/^bench: \d+ rows set up in [\d.]+ s \(\d+ server processes\)$/.test(line),
    );
    expect({ exitCode: outcome.exitCode, problems }).toEqual({ exitCode: 0, problems: [] });
    const printed = stdout.join('\n');
    expect(printed).toContain('p99.9');
    expect(printed).toContain('cpu/op');
    expect(printed).toMatch(/\(target processes, quick\)/);
    expect(printed).toMatch(/ran harness\.noop, rr\.tcp\.floor, /);
    expect(printed).toContain(`results: ${outcome.written!.dir}/`);
  });

  it('ran every built-in scenario, each with sane numbers in both loops', () => {
    const results = outcome.results!;
    expect(results.scenarios.map((s) => s.name)).toEqual(
      builtinRegistry()
        .list()
        .map((s) => s.name),
    );
    for (const scenario of results.scenarios) {
      expect({ name: scenario.name, setupError: scenario.setupError }).toEqual({ name: scenario.name });
      expect({ name: scenario.name, noDelay: scenario.noDelay.problems }).toEqual({
        name: scenario.name,
        noDelay: [],
      });
      if (scenario.kind !== 'harness') expect(scenario.noDelay.sockets).toBeGreaterThan(0);
      expect(scenario.runs.map((r) => r.mode)).toEqual(['closed', 'open']);
      for (const run of scenario.runs) {
        const where = `${scenario.name} ${run.mode}`;
        const l = run.latency;
        expect({ where, errors: run.errors, timeouts: run.timeouts }).toEqual({
          where,
          errors: 0,
          timeouts: 0,
        });
        expect(l.count).toBeGreaterThan(0);
        expect(l.p50).toBeGreaterThan(0);
        expect(l.p50).toBeLessThanOrEqual(l.p99);
        expect(l.p99).toBeLessThanOrEqual(l.max);
        expect(l.p50).toBeLessThan(1_000_000);
        expect(run.throughputPerSecond).toBeGreaterThan(0);
        expect(run.repetitions).toHaveLength(2);
        if (run.mode === 'open') {
          // Corrected latency counts from the intended send, so it can never be below the uncorrected one.
          expect(run.uncorrected).toBeDefined();
          expect(l.p99).toBeGreaterThanOrEqual(run.uncorrected!.p99);
          expect(l.count).toBe(run.uncorrected!.count);
        }
      }
    }
    expect(results.harnessCost.closed?.p50).toBeGreaterThan(0);
    const grpc = results.scenarios.find((s) => s.name === 'rr.grpc.raw')!;
    expect(grpc.runs[0]!.ratioToRaw).toBe(1);
    expect(grpc.runs[0]!.ratioToRest).toBeGreaterThan(0);
    // Framework rows are compared with their raw baseline and their REST twin.
    const grpcNest = results.scenarios.find((s) => s.name === 'rr.grpc.nest')!;
    expect(grpcNest.runs[0]).toMatchObject({ ratioToRestBase: 'rr.rest.nest' });
    expect(grpcNest.runs[0]!.ratioToRaw).toBeGreaterThan(0);
  });

  it('reports the CPU per operation of the processes serving every row but the harness', () => {
    const service = new Set(SERVICE_SCENARIOS.map((s) => s.name));
    /** The CPU µs per operation each serving process spent, summed over the rows it serves. */
    const servers = new Map<string, number>();
    for (const scenario of outcome.results!.scenarios) {
      const spent: Record<string, number> = {};
      for (const run of scenario.runs) {
        const where = `${scenario.name} ${run.mode}`;
        if (scenario.kind === 'harness') {
          expect({ where, cpu: run.cpuPerOp }).toEqual({ where });
          continue;
        }
        expect({ where, measured: run.cpuPerOp !== undefined }).toEqual({ where, measured: true });
        const cpu = run.cpuPerOp!;
        expect(cpu.operations).toBe(run.latency.count);
        // A call costs well under a CPU second, even with its idle work counted in.
        expect(cpu.totalUs).toBeLessThan(1_000_000);
        const sum = Object.values(cpu.byProcessUs).reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - cpu.totalUs)).toBeLessThan(1);
        for (const [name, us] of Object.entries(cpu.byProcessUs)) spent[name] = (spent[name] ?? 0) + us;
        if (!service.has(scenario.name)) {
          // The row's server process, and the broker it goes through (RabbitMQ, Redis, kafka-lite).
          const broker = { rabbitmq: 'RabbitMQ', redis: 'Redis', kafka: 'kafka-lite' }[
            scenario.transport as string
          ];
          expect({ where, processes: Object.keys(cpu.byProcessUs) }).toEqual({
            where,
            processes: ['server process', ...(broker === undefined ? [] : [broker])],
          });
          continue;
        }
        // Named, with what was taken off as idle work: once a row read 0 here in CI.
        expect({ where, spent: cpu.totalUs > 0, cpuMs: cpu.cpuMs, idleMs: cpu.idleMs }).toEqual({
          where,
          spent: true,
          cpuMs: cpu.cpuMs,
          idleMs: cpu.idleMs,
        });
        expect(Object.keys(cpu.byProcessUs)).toEqual(
          expect.arrayContaining([
            'pnpm start (kafka-lite, trace store)',
            'auth-service',
            'inventory-service',
            'order-service',
            'notification-service',
            'reporting-service',
            'RabbitMQ',
            'Redis',
          ]),
        );
      }
      const server = SERVED_BY[scenario.name] ?? (service.has(scenario.name) ? undefined : 'server process');
      if (server !== undefined && scenario.kind !== 'harness') {
        // Every row accounts for the process serving it. One row's share, less that process's idle rate,
        // may round to 0 in a 0.5 s run (once, ow.rabbitmq.raw.plain in CI); all its rows together may not.
        expect({ scenario: scenario.name, server, accounted: server in spent }).toEqual({
          scenario: scenario.name,
          server,
          accounted: true,
        });
        servers.set(server, (servers.get(server) ?? 0) + (spent[server] ?? 0));
      }
    }
    expect([...servers].filter(([, us]) => us <= 0)).toEqual([]);
    expect([...servers.keys()]).toContain('server process');
    const markdown = readFileSync(outcome.written!.markdown, 'utf8');
    expect(markdown).toContain('## CPU per operation');
    expect(markdown).toMatch(/^\| e2e\.order\.sync \| closed \| [\d.]+ (µs|ms) \| .*order-service/m);
  });

  it('gives every end-to-end row a bar of where its orders’ time went, hop by hop, from their traces', () => {
    const results = outcome.results!;
    const rows = results.scenarios.filter((s) => s.group === 'end-to-end');
    expect(rows.map((s) => s.name).sort()).toEqual(Object.keys(HOPS_CROSS).sort());
    const bars = results.hopBars ?? [];
    expect(bars.map((bar) => bar.scenario)).toEqual(rows.map((s) => s.name));
    for (const bar of bars) {
      const row = rows.find((s) => s.name === bar.scenario)!;
      expect({ row: bar.scenario, none: bar.none }).toEqual({ row: bar.scenario });
      expect(bar.traces).toBeGreaterThan(0);
      const names = bar.hops.map((hop) => hop.name);
      const missing = HOPS_CROSS[bar.scenario]!.filter((hop) => !names.some((name) => hop.test(name)));
      expect({ row: bar.scenario, missing, names }).toEqual({ row: bar.scenario, missing: [], names });
      // The other subscribers of the order's events (reporting, notification) are not waited for.
      expect(names.filter((name) => /reporting|notification/.test(name))).toEqual([]);
      const shares = bar.hops.reduce((sum, hop) => sum + hop.share, 0);
      expect(Math.abs(shares - 1)).toBeLessThan(0.01);
      for (const hop of bar.hops) expect(hop.medianMs).toBeGreaterThanOrEqual(0);
      // Inside the order's latency: no order's time exceeds the slowest call the row timed (starts are whole ms).
      const slowestMs = Math.max(...row.runs.map((run) => run.latency.max)) / 1000;
      expect(bar.medianMs).toBeGreaterThan(0);
      expect(bar.medianMs).toBeLessThanOrEqual(slowestMs + 2);
      expect(stdoutLines()).toContain(
        `${bar.scenario}: median ${bar.medianMs.toFixed(2)} ms ${bar.spans}, over ${String(bar.traces)} traces`,
      );
    }
    expect(stdoutLines()).toContain(
      "Where each pattern's time goes (median per hop, from the orders' traces):",
    );
    expect(readFileSync(outcome.written!.markdown, 'utf8')).toContain("## Where each pattern's time goes");
  });

  it('left no process of its stack behind, nor any server process', () => {
    expect(benchStackProcesses(stderr)).toEqual([]);
    expect(serverChildren()).toEqual([]);
  });

  it('held the numbers against every goal it could', () => {
    const { goals } = outcome.results!;
    const checked = (goal: string) =>
      goals.filter((g) => g.goal === goal).map((g) => `${g.scenario} ${g.mode}`);
    expect(checked('harness-cost')).toEqual(['harness.noop closed', 'harness.noop open']);
    expect(checked('framework-overhead')).toEqual(
      ['rr.rest.nest', 'rr.grpc.nest', 'rr.rabbitmq.nest', 'rr.kafka.nest'].flatMap((n) => [
        `${n} closed`,
        `${n} open`,
      ]),
    );
    for (const goal of goals) {
      expect(goal.verdict === 'not checked' || goal.value !== undefined).toBe(true);
      if (goal.goal === 'framework-overhead') expect(goal.verdict).not.toBe('not checked');
    }
    // Every scenario's open loop is held to the tails goal (checked where it ran at a light load).
    const tails = goals.filter((g) => g.goal === 'tail-ratio');
    expect(tails.length).toBe(outcome.results!.scenarios.length - 1);
    // The service-level goals: the reservation's and the orders' latency, CPU per sync order, spread.
    expect(checked('service-latency').sort()).toEqual(
      [
        'e2e.order.async closed',
        'e2e.order.async-callback closed',
        'e2e.order.sync closed',
        'rr.grpc.inventory closed',
      ].sort(),
    );
    expect(checked('cpu-per-order')).toEqual(['e2e.order.sync closed']);
    expect(checked('transport-spread')).toEqual(['rr.*.inventory closed']);
    expect(outcome.results!.store).toMatch(/^(PGlite|PostgreSQL)$/);
    expect(outcome.written!.markdown).toBeDefined();
    expect(readFileSync(outcome.written!.markdown, 'utf8')).toContain('## Goals');
  });

  it('wrote results.json, results.md and chart.svg that parse', () => {
    const written = outcome.written!;
    for (const file of [written.json, written.markdown, written.chart]) expect(existsSync(file)).toBe(true);
    const json = JSON.parse(readFileSync(written.json, 'utf8')) as BenchResults;
    expect(json.schema).toBe('commlab-bench/v1');
    expect(json.machine.cpus).toBeGreaterThan(0);
    expect(json.packages.kafkajs).toMatch(/^\d+\.\d+\.\d+/);
    expect(json.settings).toMatchObject({ quick: true, repetitions: 2 });
    expect(json.scenarios).toHaveLength(outcome.results!.scenarios.length);

    const markdown = readFileSync(written.markdown, 'utf8');
    expect(markdown).toMatch(/^\| scenario \| kind \| loop \| p50 \|/m);
    for (const s of json.scenarios) expect(markdown).toContain(`| ${s.name} |`);

    const svg = readFileSync(written.chart, 'utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('rr.grpc.raw');
  });
});
