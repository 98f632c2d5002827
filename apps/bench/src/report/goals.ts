import type { LoopMode } from '../bench-settings';
import type { BenchResults, GoalResult, ScenarioResult } from './bench-results';
import { formatMicros, formatRatio } from './result-rows';

/**
 * The targets issue 7 holds the numbers against. They are goals, not tests: a missed goal is reported
 * (terminal, results.md, results.json) and explained in docs/benchmarks.md; it does not fail the run.
 */
export const GOAL_LIMITS = {
  /** NestJS client + server vs the raw client + server on the same transport, p50 / p50. */
  frameworkOverhead: 1.25,
  /** Open loop, corrected: p99 / p50 … */
  tailRatio: 3,
  /** … checked only where the arrival rate is at most this share of the transport's capacity. */
  tailMaxLoad: 0.5,
  /** The no-op call's p50 over the fastest scenario's p50, same loop. */
  harnessShare: 0.05,
} as const;

/** The scenarios whose ×raw is the framework's own cost (same fixed work as the raw server). */
export const FRAMEWORK_OVERHEAD_SCENARIOS = [
  'rr.rest.nest',
  'rr.grpc.nest',
  'rr.rabbitmq.nest',
  'rr.kafka.nest',
];

function run(scenario: ScenarioResult, mode: LoopMode) {
  return scenario.runs.find((r) => r.mode === mode && r.latency.count > 0);
}

function verdict(value: number, limit: number): 'met' | 'missed' {
  return value <= limit ? 'met' : 'missed';
}

function frameworkOverhead(scenarios: readonly ScenarioResult[]): GoalResult[] {
  const limit = GOAL_LIMITS.frameworkOverhead;
  return scenarios
    .filter((s) => FRAMEWORK_OVERHEAD_SCENARIOS.includes(s.name))
    .flatMap((s) =>
      s.runs.map((r): GoalResult => {
        const base = s.baseline ?? 'its raw baseline';
        if (r.ratioToRaw === undefined)
          return {
            goal: 'framework-overhead',
            scenario: s.name,
            mode: r.mode,
            limit,
            verdict: 'not checked',
            detail: `no ${base} in this run`,
          };
        return {
          goal: 'framework-overhead',
          scenario: s.name,
          mode: r.mode,
          value: r.ratioToRaw,
          limit,
          verdict: verdict(r.ratioToRaw, limit),
          detail: `p50 ${formatMicros(r.latency.p50)} = ${formatRatio(r.ratioToRaw)} ${base} (goal ≤ ${formatRatio(limit)})`,
        };
      }),
    );
}

/**
 * Tails at a light load: the open loop's corrected p99 / p50, where the open loop's rate is at most half
 * of the scenario's capacity. Capacity is estimated by the closed loop's throughput (its concurrency, back
 * to back) — a lower bound, so a scenario counted as lightly loaded is at most that loaded.
 */
function tailRatio(results: Pick<BenchResults, 'scenarios' | 'settings'>): GoalResult[] {
  const { tailRatio: limit, tailMaxLoad } = GOAL_LIMITS;
  return results.scenarios.flatMap((s): GoalResult[] => {
    if (s.kind === 'harness') return [];
    const open = run(s, 'open');
    if (open === undefined) return [];
    const rate = open.ratePerSecond ?? results.settings.ratePerSecond;
    const capacity = run(s, 'closed')?.throughputPerSecond;
    const ratio = open.latency.p99 / open.latency.p50;
    const shown = `p99/p50 ${ratio.toFixed(1)} (${formatMicros(open.latency.p99)} / ${formatMicros(open.latency.p50)})`;
    const checked = (verdictOf: GoalResult['verdict'], detail: string): GoalResult[] => [
      { goal: 'tail-ratio', scenario: s.name, mode: 'open', value: ratio, limit, verdict: verdictOf, detail },
    ];
    if (capacity === undefined || capacity <= 0)
      return checked('not checked', `${shown}; capacity unknown (no closed-loop run)`);
    const load = rate / capacity;
    const loadText = `${rate}/s = ${Math.round(load * 100)}% of ${Math.round(capacity)}/s`;
    if (load > tailMaxLoad)
      return checked('not checked', `${shown} at ${loadText} (> ${tailMaxLoad * 100}%: not a light load)`);
    return checked(verdict(ratio, limit), `${shown} at ${loadText} (goal ≤ ${limit})`);
  });
}

function harnessCost(scenarios: readonly ScenarioResult[]): GoalResult[] {
  const limit = GOAL_LIMITS.harnessShare;
  const harness = scenarios.find((s) => s.kind === 'harness');
  if (harness === undefined) return [];
  return harness.runs.flatMap((h): GoalResult[] => {
    const others = scenarios
      .filter((s) => s.kind !== 'harness')
      .flatMap((s) => {
        const r = run(s, h.mode);
        return r === undefined ? [] : [{ name: s.name, p50: r.latency.p50 }];
      })
      .sort((a, b) => a.p50 - b.p50);
    const fastest = others[0];
    if (fastest === undefined) return [];
    const share = h.latency.p50 / fastest.p50;
    return [
      {
        goal: 'harness-cost',
        scenario: harness.name,
        mode: h.mode,
        value: share,
        limit,
        verdict: verdict(share, limit),
        detail: `no-op p50 ${formatMicros(h.latency.p50)} = ${(share * 100).toFixed(1)}% of the fastest p50 (${fastest.name}, ${formatMicros(fastest.p50)}; goal ≤ ${limit * 100}%)`,
      },
    ];
  });
}

/** Every goal check this run allows, in the order: harness cost, framework overhead, tails. */
export function evaluateGoals(results: Pick<BenchResults, 'scenarios' | 'settings'>): GoalResult[] {
  return [...harnessCost(results.scenarios), ...frameworkOverhead(results.scenarios), ...tailRatio(results)];
}

/** "goals: 5 met, 2 missed, 1 not checked" plus one line per missed goal. */
export function goalsSummary(goals: readonly GoalResult[]): string[] {
  const count = (v: GoalResult['verdict']) => goals.filter((g) => g.verdict === v).length;
  return [
    `goals: ${count('met')} met, ${count('missed')} missed, ${count('not checked')} not checked (details in results.md)`,
    ...goals
      .filter((g) => g.verdict === 'missed')
      .map((g) => `  missed ${g.goal} ${g.scenario} (${g.mode}): ${g.detail}`),
  ];
}
