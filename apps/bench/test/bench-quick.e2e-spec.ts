import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { requireRabbitMq, requireRedis } from '@commlab/testing';

import { benchCommand, type BenchCommandOutcome } from '../src/cli/bench-command';
import type { BenchResults } from '../src/report/bench-results';
import { builtinRegistry } from '../src/scenarios/builtin-scenarios';

/**
 * `pnpm bench --quick` through the module API, against the real RabbitMQ and Redis and a kafka-lite the
 * bench starts itself. Fails (never skips) when RabbitMQ or Redis is down.
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
  }, 360_000);

  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  it('exits 0 and says what ran and where the results went', () => {
    expect({ exitCode: outcome.exitCode, stderr }).toEqual({ exitCode: 0, stderr: [] });
    const printed = stdout.join('\n');
    expect(printed).toContain('p99.9');
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
