import { FULL_DEFAULTS, type BenchSettings } from '../bench-settings';
import type { ModeResult, ScenarioResult } from './bench-results';
import { evaluateGoals, goalsSummary } from './goals';

const settings: BenchSettings = {
  ...FULL_DEFAULTS,
  target: 'processes',
  quick: false,
  scenarios: [],
  modes: ['closed', 'open'],
  outDir: 'bench-results',
};

function run(
  mode: ModeResult['mode'],
  p50: number,
  p99: number,
  throughput: number,
  ratioToRaw?: number,
  repetitions = 5,
): ModeResult {
  return {
    mode,
    load: mode,
    latency: { count: 100, p50, p90: p50, p99, p999: p99, max: p99, mean: p50 },
    throughputPerSecond: throughput,
    errors: 0,
    timeouts: 0,
    errorSamples: [],
    // Every repetition alike, unless a test says otherwise.
    repetitions: Array.from({ length: repetitions }, () => ({
      p50,
      p99,
      count: 20,
      throughputPerSecond: throughput,
    })),
    ...(ratioToRaw === undefined ? {} : { ratioToRaw }),
  };
}

function scenario(name: string, kind: ScenarioResult['kind'], runs: ModeResult[]): ScenarioResult {
  return {
    name,
    group: kind === 'harness' ? 'harness' : 'request-reply',
    transport: 'rest',
    kind,
    description: name,
    placement: '',
    payloadBytes: { request: 1 },
    noDelay: { sockets: 1, problems: [] },
    runs,
  };
}

describe('evaluateGoals', () => {
  const scenarios = [
    scenario('harness.noop', 'harness', [run('closed', 1, 1, 1e6), run('open', 40, 900, 200)]),
    scenario('rr.tcp.floor', 'floor', [run('closed', 30, 60, 30_000), run('open', 100, 250, 200)]),
    scenario('rr.rest.raw', 'raw', [run('closed', 100, 300, 9000, 1), run('open', 400, 1600, 200, 1)]),
    scenario('rr.rest.nest', 'framework', [
      run('closed', 120, 300, 8000, 1.2),
      run('open', 600, 1200, 200, 1.5),
    ]),
    scenario('e2e.order.async-callback', 'framework', [
      run('closed', 50_000, 90_000, 300),
      run('open', 60_000, 95_000, 200),
    ]),
  ];
  const goals = evaluateGoals({ scenarios, settings });
  const find = (goal: string, name: string, mode: string) =>
    goals.find((g) => g.goal === goal && g.scenario === name && g.mode === mode);

  it('holds the no-op against the fastest p50 of the same loop', () => {
    expect(find('harness-cost', 'harness.noop', 'closed')).toMatchObject({ verdict: 'met', value: 1 / 30 });
    expect(find('harness-cost', 'harness.noop', 'open')).toMatchObject({ verdict: 'missed', value: 0.4 });
  });

  it('holds the NestJS scenarios to 1.25× raw, per loop', () => {
    expect(find('framework-overhead', 'rr.rest.nest', 'closed')).toMatchObject({
      verdict: 'met',
      value: 1.2,
    });
    expect(find('framework-overhead', 'rr.rest.nest', 'open')).toMatchObject({
      verdict: 'missed',
      value: 1.5,
    });
    expect(goals.filter((g) => g.goal === 'framework-overhead')).toHaveLength(2);
  });

  it('judges no goal on the paced loop (--think-ms), which is for reading', () => {
    const paced = [
      scenario('harness.noop', 'harness', [run('closed', 1, 1, 1e6), run('paced', 900, 900, 50)]),
      scenario('rr.rest.raw', 'raw', [run('closed', 100, 300, 9000, 1), run('paced', 400, 900, 50, 1)]),
      scenario('rr.rest.nest', 'framework', [run('closed', 120, 300, 8000, 1.2), run('paced', 900, 990, 50)]),
    ];
    const judged = evaluateGoals({ scenarios: paced, settings: { ...settings, thinkMs: 20 } });
    expect(judged.filter((g) => g.mode === 'paced')).toEqual([]);
    expect(judged.filter((g) => g.goal === 'framework-overhead').map((g) => g.mode)).toEqual(['closed']);
  });

  it('checks tails only where the open loop is at most half the capacity', () => {
    expect(find('tail-ratio', 'rr.tcp.floor', 'open')).toMatchObject({ verdict: 'met', value: 2.5 });
    expect(find('tail-ratio', 'rr.rest.raw', 'open')).toMatchObject({ verdict: 'missed', value: 4 });
    expect(find('tail-ratio', 'rr.rest.raw', 'open')!.detail).toContain('200/s = 2% of 9000/s');
    // 200/s against a capacity of 300/s is 67%: not a light load.
    expect(find('tail-ratio', 'e2e.order.async-callback', 'open')).toMatchObject({ verdict: 'not checked' });
    expect(find('tail-ratio', 'harness.noop', 'open')).toBeUndefined();
  });

  it('summarizes in one line, plus one line per missed goal', () => {
    const lines = goalsSummary(goals);
    // The async order's 50 ms to its webhook also misses its service-level goal (≤ 20 ms).
    expect(lines[0]).toBe('goals: 4 met, 4 missed, 0 inconclusive, 1 not checked (details in results.md)');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(
      /^ {2}missed service-latency e2e\.order\.async-callback \(closed\): p50 50\.0 ms/,
    );
    expect(lines[1]).toMatch(
      /^ {2}missed harness-cost harness\.noop \(open\): no-op p50 40 µs = 40\.0% of the fastest p50/,
    );
  });

  it('judges per repetition: a spread across the limit is inconclusive, a median alone is not enough', () => {
    const raw = run('closed', 100, 300, 9000);
    const nest = run('closed', 110, 300, 8000);
    // Four rounds at 1.1× raw, one at 1.4×: the median is 1.1×, but one round missed.
    nest.repetitions[3] = { ...nest.repetitions[3]!, p50: 140 };
    const judged = evaluateGoals({
      scenarios: [scenario('rr.rest.raw', 'raw', [raw]), scenario('rr.rest.nest', 'framework', [nest])],
      settings,
    }).find((g) => g.goal === 'framework-overhead');
    expect(judged).toMatchObject({
      verdict: 'inconclusive',
      value: 1.1,
      spread: { min: 1.1, max: 1.4, repetitions: 5 },
    });
    expect(judged!.detail).toBe(
      'p50 1.10× rr.rest.raw (median of 5 repetitions, spread 1.10×–1.40×; goal ≤ 1.25×)',
    );
  });

  it('gives no verdict on fewer than five repetitions', () => {
    const goal = evaluateGoals({
      scenarios: [
        scenario('rr.rest.raw', 'raw', [run('closed', 100, 300, 9000, undefined, 2)]),
        scenario('rr.rest.nest', 'framework', [run('closed', 300, 900, 3000, undefined, 2)]),
      ],
      settings,
    }).find((g) => g.goal === 'framework-overhead');
    expect(goal).toMatchObject({ verdict: 'inconclusive', value: 3 });
    expect(goal!.detail).toContain('a verdict needs ≥ 5');
  });
});
