import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { requireRabbitMq, requireRedis } from '@commlab/testing';

import { benchCommand } from '../src/cli/bench-command';
import { sweepCommand, type SweepCommandOutcome } from '../src/sweep/sweep-command';
import type { SweepResults } from '../src/sweep/sweep-results';

const PATTERNS = ['rr.rest.raw', 'e2e.order.sync.rmq'];

/**
 * A tiny `pnpm bench --sweep` through the module API: two patterns (a raw REST pair, and the real sync
 * order reserving over RabbitMQ RPC on the services the bench starts), three short steps each, against
 * the real RabbitMQ and Redis and a kafka-lite the bench starts. Fails (never skips) when a broker is down.
 */
describe('pnpm bench --sweep (real brokers)', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'commlab-sweep-'));
  const stdout: string[] = [];
  const stderr: string[] = [];
  let outcome: SweepCommandOutcome;

  beforeAll(async () => {
    await requireRabbitMq();
    await requireRedis();
    outcome = await sweepCommand(
      [
        '--sweep',
        ...PATTERNS.flatMap((p) => ['--scenario', p]),
        '--start-rate',
        '5',
        '--rate-factor',
        '2',
        '--max-steps',
        '3',
        '--step',
        '0.6',
        '--warmup',
        '0.2',
        '--p99-limit',
        '5000',
        '--out',
        outDir,
      ],
      { out: (line) => stdout.push(line), err: (line) => stderr.push(line) },
    );
  }, 240_000);

  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  it('exits 0, showed each step as it went, and printed a table per pattern with its knee', () => {
    expect({ exitCode: outcome.exitCode, problems: stderr.filter((l) => l.startsWith('sweep: ')) }).toEqual({
      exitCode: 0,
      problems: [],
    });
    for (const pattern of PATTERNS) {
      expect(stderr).toContainEqual(
        expect.stringMatching(new RegExp(`^sweep ${pattern} step 1: offered 5/s`)),
      );
      expect(stdout.join('\n')).toMatch(new RegExp(`^${pattern}: (knee|no knee)`, 'm'));
    }
    expect(stdout.join('\n')).toContain(`results: ${outcome.written!.dir}/`);
  });

  it('wrote sweep.json, sweep.md and sweep.svg, consistent with each other', () => {
    const written = outcome.written!;
    for (const file of [written.json, written.markdown, written.chart]) expect(existsSync(file)).toBe(true);
    const json = JSON.parse(readFileSync(written.json, 'utf8')) as SweepResults;
    expect(json.schema).toBe('commlab-bench-sweep/v1');
    expect(json.settings).toMatchObject({ p99LimitMs: 5000, startRate: 5, rateFactor: 2, maxSteps: 3 });
    expect(json.patterns.map((p) => p.name)).toEqual(PATTERNS);
    expect(json.store).toMatch(/^(PGlite|PostgreSQL)$/);
    // The capacity goal is the gRPC sync order's (e2e.order.sync), not swept here.
    expect(json.capacityGoal).toBeUndefined();
    const svg = readFileSync(written.chart, 'utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const markdown = readFileSync(written.markdown, 'utf8');
    expect(markdown).toContain('](sweep.svg)');

    for (const pattern of json.patterns) {
      const where = pattern.name;
      expect({ where, setupError: pattern.setupError }).toEqual({ where });
      expect(pattern.steps.length).toBeGreaterThan(0);
      expect(pattern.steps.length).toBeLessThanOrEqual(3);
      // Offered rates rise as planned; a sweep stops at its first failing step.
      expect(pattern.steps.map((s) => s.offeredPerSecond)).toEqual(
        [5, 10, 20].slice(0, pattern.steps.length),
      );
      expect(pattern.steps.slice(0, -1).every((s) => s.verdict === 'ok')).toBe(true);
      for (const step of pattern.steps) {
        expect(step.achievedPerSecond).toBeGreaterThan(0);
        expect(step.latency.count).toBeGreaterThan(0);
        expect(step.latency.p50).toBeGreaterThan(0);
        expect(step.latency.p50).toBeLessThanOrEqual(step.latency.p99);
        // Corrected latency counts from the intended send: never below the uncorrected one.
        expect(step.latency.p99).toBeGreaterThanOrEqual(step.uncorrectedP99);
      }
      const last = pattern.steps.at(-1)!;
      if (last.verdict === 'ok') expect(pattern.stoppedBy).toBe('max rate');
      else expect(pattern.stoppedBy).toBe(last.verdict);
      if (pattern.knee !== undefined) {
        const kneeStep = pattern.steps.find((s) => s.offeredPerSecond === pattern.knee!.offeredPerSecond);
        expect(kneeStep?.verdict).toBe('ok');
        expect(pattern.knee.offeredPerSecond).toBeLessThanOrEqual(last.offeredPerSecond);
        expect(pattern.knee.p99).toBe(kneeStep!.latency.p99);
        expect(pattern.knee.p99).toBeLessThanOrEqual(5_000_000);
        expect(pattern.knee.reached).toBe(last.verdict !== 'ok');
      }
      expect(svg).toContain(`${pattern.name} p99`);
      expect(markdown).toContain(`## ${pattern.name}`);
    }
  });

  it('is what pnpm bench runs when --sweep is on its command line, and refuses bad flags with the usage', async () => {
    const err: string[] = [];
    const bad = await benchCommand(['--sweep', '--p99-limit', 'soon'], {
      out: () => undefined,
      err: (l) => err.push(l),
    });
    expect(bad.exitCode).toBe(2);
    expect(err.join('\n')).toContain('pnpm bench --sweep: --p99-limit takes a number; got "soon"');
    expect(err.join('\n')).toContain('usage: pnpm bench --sweep');
  });
});
