import type { ModeResult, ScenarioResult } from './bench-results';
import { evaluateServiceGoals } from './service-goals';

/** A closed-loop run whose repetitions have these p50s (µs). */
function closed(p50s: readonly number[], perRunUs?: readonly number[]): ModeResult {
  const middle = p50s[Math.floor(p50s.length / 2)] ?? 0;
  return {
    mode: 'closed',
    load: 'closed, 1 in flight',
    latency: { count: 100, p50: middle, p90: middle, p99: middle, p999: middle, max: middle, mean: middle },
    throughputPerSecond: 100,
    errors: 0,
    timeouts: 0,
    errorSamples: [],
    repetitions: p50s.map((p50) => ({ p50, p99: p50, count: 20, throughputPerSecond: 100 })),
    ...(perRunUs === undefined
      ? {}
      : {
          cpuPerOp: {
            totalUs: middle,
            byProcessUs: {},
            cpuMs: 1,
            operations: 1,
            idleMs: 0,
            perRunUs: [...perRunUs],
          },
        }),
  };
}

function scenario(name: string, run: ModeResult): ScenarioResult {
  return {
    name,
    group: 'request-reply',
    transport: 'rest',
    kind: name.endsWith('.raw') ? 'raw' : 'framework',
    description: name,
    placement: '',
    payloadBytes: { request: 1 },
    noDelay: { sockets: 1, problems: [] },
    runs: [run],
  };
}

const five = (value: number) => [value, value, value, value, value];

describe('evaluateServiceGoals', () => {
  it('holds rr.grpc.inventory to the limit of the run’s store, and names the store', () => {
    const rows = [scenario('rr.grpc.inventory', closed(five(3_000)))];
    expect(evaluateServiceGoals(rows, 'PGlite')[0]).toMatchObject({
      goal: 'service-latency',
      verdict: 'met',
      limit: 4_000,
    });
    const onPostgres = evaluateServiceGoals(rows, 'PostgreSQL')[0];
    expect(onPostgres).toMatchObject({ verdict: 'missed', limit: 2_000, value: 3_000 });
    expect(onPostgres!.detail).toBe(
      'p50 3.00 ms (median of 5 repetitions, spread 3.00 ms–3.00 ms; goal ≤ 2.00 ms on PostgreSQL)',
    );
    expect(evaluateServiceGoals(rows, 'unknown')[0]!.detail).toContain('on PGlite (store unknown)');
  });

  it('holds the orders to their own limits, and leaves rows without one alone', () => {
    const goals = evaluateServiceGoals(
      [
        scenario('e2e.order.sync', closed(five(31_000))),
        scenario('e2e.order.async', closed(five(2_500))),
        scenario('e2e.order.async-callback', closed([15_000, 18_000, 19_000, 21_000, 25_000])),
        scenario('rr.rest.nest', closed(five(200))),
      ],
      'PGlite',
    );
    expect(goals.map((g) => [g.scenario, g.limit, g.verdict])).toEqual([
      ['e2e.order.sync', 6_000, 'missed'],
      ['e2e.order.async', 3_000, 'met'],
      ['e2e.order.async-callback', 20_000, 'inconclusive'],
    ]);
  });

  it('judges CPU per sync order on each run’s own figure', () => {
    const goals = evaluateServiceGoals(
      [scenario('e2e.order.sync', closed(five(5_000), [48_000, 50_000, 49_000, 52_000, 47_000]))],
      'PostgreSQL',
    );
    const cpu = goals.find((g) => g.goal === 'cpu-per-order');
    expect(cpu).toMatchObject({ verdict: 'missed', value: 49_000, spread: { min: 47_000, max: 52_000 } });
    expect(cpu!.detail).toMatch(/^CPU 49\.0 ms per order, all processes less idle \(median of 5/);
  });

  describe('transport spread', () => {
    const rows = (inventory: readonly (readonly number[])[]) => [
      scenario('rr.rest.raw', closed(five(100))),
      scenario('rr.grpc.raw', closed(five(400))),
      scenario('rr.rabbitmq.raw', closed(five(300))),
      scenario('rr.kafka.raw', closed(five(1_100))),
      ...(['rest', 'grpc', 'rabbitmq', 'kafka'] as const).map((t, index) =>
        scenario(`rr.${t}.inventory`, closed([...(inventory[index] ?? [])])),
      ),
    ];
    const spreadGoal = (inventory: readonly (readonly number[])[]) =>
      evaluateServiceGoals(rows(inventory), 'PGlite').find((g) => g.goal === 'transport-spread');

    it('misses when the service rows’ medians spread less than half the raw rows’', () => {
      // Raw medians spread 1 000 µs; the service medians 300 µs: 0.3×.
      const close = spreadGoal([five(10_000), five(10_200), five(10_100), five(10_300)]);
      expect(close).toMatchObject({ verdict: 'missed', value: 0.3, scenario: 'rr.*.inventory' });
      expect(close!.detail).toBe(
        'medians rr.rest.inventory 10.0 ms to rr.kafka.inventory 10.3 ms: 300 µs = 0.30× the raw rows’ 1.00 ms; their repetitions do not overlap (5 repetitions; goal ≥ 0.5× and apart)',
      );
    });

    it('is met when the medians are far enough apart and the repetitions do not overlap', () => {
      const apart = spreadGoal([five(2_000), five(2_400), five(2_300), five(3_100)]);
      expect(apart).toMatchObject({ verdict: 'met', value: 1.1 });
    });

    it('calls a wide spread noise when the fastest and slowest rows’ repetitions overlap', () => {
      // Medians 20.0 and 24.0 ms (4× the raw spread), but the fastest row once took 30 ms.
      const noisy = spreadGoal([
        [19_000, 20_000, 20_000, 21_000, 30_000],
        [21_000, 21_500, 22_000, 22_500, 23_000],
        [22_000, 22_000, 22_000, 22_000, 22_000],
        [23_000, 23_500, 24_000, 24_500, 25_000],
      ]);
      expect(noisy).toMatchObject({ verdict: 'inconclusive', value: 4 });
      expect(noisy!.detail).toContain(
        'their repetitions overlap (rr.rest.inventory 19.0 ms–30.0 ms, rr.kafka.inventory 23.0 ms–25.0 ms): noise',
      );
    });

    it('gives no verdict on fewer than five repetitions', () => {
      const few = spreadGoal([[2_000], [2_400], [2_300], [3_100]]);
      expect(few).toMatchObject({ verdict: 'inconclusive' });
    });
  });

  it('checks no spread when a transport is missing', () => {
    const goals = evaluateServiceGoals([scenario('rr.rest.raw', closed(five(100)))], 'PGlite');
    expect(goals).toEqual([]);
  });
});
