import type { LoopMode } from '../bench-settings';
import type { BenchResults, GoalResult, ModeResult, ScenarioResult } from './bench-results';
import { describeJudgement, judgeRepetitions, type Judgement } from './judge-repetitions';
import { rawBaseFor } from './ratios';
import { formatMicros, formatRatio } from './result-rows';
import { evaluateServiceGoals } from './service-goals';

/**
 * The targets the project holds the numbers against. They are goals, not tests: a missed goal is reported
 * (terminal, results.md, results.json) and explained in docs/benchmarks.md; it does not fail the run.
 * Each is judged per repetition (repetitions are interleaved across scenarios, so drift lands on every row
 * alike): the median is the value, and a spread that straddles the limit — or fewer than five repetitions
 * — is `inconclusive`, not met or missed (judge-repetitions.ts).
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

/** The goals are set for the closed and the open loop; the paced loop (`--think-ms`) is for reading. */
const judgedMode = (r: ModeResult) => r.mode !== 'paced';

function run(scenario: ScenarioResult, mode: LoopMode) {
  return scenario.runs.find((r) => r.mode === mode && r.latency.count > 0);
}

/** Per repetition, `value(own, base)` where both repetitions exist (same index = same round). */
function perRepetition(
  own: ModeResult,
  base: ModeResult | undefined,
  value: (own: ModeResult['repetitions'][number], base: ModeResult['repetitions'][number]) => number,
): number[] {
  if (base === undefined) return [];
  return own.repetitions.flatMap((rep, index) => {
    const other = base.repetitions[index];
    return other === undefined ? [] : [value(rep, other)];
  });
}

/** A judged goal, or `not checked` with the reason when there is nothing to judge. */
function judged(
  common: Pick<GoalResult, 'goal' | 'scenario' | 'mode' | 'limit'>,
  judgement: Judgement | undefined,
  detail: (judgement: Judgement) => string,
  notChecked: string,
): GoalResult {
  if (judgement === undefined) return { ...common, verdict: 'not checked', detail: notChecked };
  return {
    ...common,
    value: judgement.median,
    spread: { min: judgement.min, max: judgement.max, repetitions: judgement.repetitions },
    verdict: judgement.verdict,
    detail: detail(judgement),
  };
}

function frameworkOverhead(scenarios: readonly ScenarioResult[]): GoalResult[] {
  const limit = GOAL_LIMITS.frameworkOverhead;
  return scenarios
    .filter((s) => FRAMEWORK_OVERHEAD_SCENARIOS.includes(s.name))
    .flatMap((s) => {
      const base = rawBaseFor(s, scenarios);
      const baseName = base?.name ?? s.baseline ?? 'its raw baseline';
      return s.runs.filter(judgedMode).map((r): GoalResult => {
        const ratios = perRepetition(r, base === undefined ? undefined : run(base, r.mode), (own, raw) =>
          raw.p50 > 0 ? own.p50 / raw.p50 : Number.NaN,
        );
        return judged(
          { goal: 'framework-overhead', scenario: s.name, mode: r.mode, limit },
          judgeRepetitions(ratios, limit),
          (j) =>
            `p50 ${formatRatio(j.median)} ${baseName} (${describeJudgement(j, formatRatio)}; goal ≤ ${formatRatio(limit)})`,
          `no ${baseName} in this run`,
        );
      });
    });
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
    const common = { goal: 'tail-ratio' as const, scenario: s.name, mode: 'open' as const, limit };
    const ratios = open.repetitions.map((rep) => (rep.p50 > 0 ? rep.p99 / rep.p50 : Number.NaN));
    const judgement = judgeRepetitions(ratios, limit);
    const shown = (j: Judgement) =>
      `p99/p50 ${j.median.toFixed(1)} (${describeJudgement(j, (v) => v.toFixed(1))}; merged ${formatMicros(open.latency.p99)} / ${formatMicros(open.latency.p50)})`;
    if (judgement === undefined) return [judged(common, undefined, shown, 'no repetition measured')];
    const notChecked = (why: string): GoalResult[] => [
      { ...common, value: judgement.median, verdict: 'not checked', detail: `${shown(judgement)}; ${why}` },
    ];
    if (capacity === undefined || capacity <= 0) return notChecked('capacity unknown (no closed-loop run)');
    const load = rate / capacity;
    const loadText = `${String(rate)}/s = ${String(Math.round(load * 100))}% of ${String(Math.round(capacity))}/s`;
    if (load > tailMaxLoad)
      return notChecked(`at ${loadText} (> ${String(tailMaxLoad * 100)}%: not a light load)`);
    return [judged(common, judgement, (j) => `${shown(j)} at ${loadText} (goal ≤ ${String(limit)})`, '')];
  });
}

function harnessCost(scenarios: readonly ScenarioResult[]): GoalResult[] {
  const limit = GOAL_LIMITS.harnessShare;
  const harness = scenarios.find((s) => s.kind === 'harness');
  if (harness === undefined) return [];
  return harness.runs.filter(judgedMode).flatMap((h): GoalResult[] => {
    const others = scenarios
      .filter((s) => s.kind !== 'harness')
      .flatMap((s) => {
        const r = run(s, h.mode);
        return r === undefined ? [] : [{ name: s.name, p50: r.latency.p50, scenario: s }];
      })
      .sort((a, b) => a.p50 - b.p50);
    const fastest = others[0];
    if (fastest === undefined) return [];
    const fastestRun = run(fastest.scenario, h.mode);
    const shares = perRepetition(h, fastestRun, (own, other) =>
      other.p50 > 0 ? own.p50 / other.p50 : Number.NaN,
    );
    const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
    return [
      judged(
        { goal: 'harness-cost', scenario: harness.name, mode: h.mode, limit },
        judgeRepetitions(shares, limit),
        (j) =>
          `no-op p50 ${formatMicros(h.latency.p50)} = ${percent(j.median)} of the fastest p50 (${fastest.name}, ${formatMicros(fastest.p50)}; ${describeJudgement(j, percent)}; goal ≤ ${String(limit * 100)}%)`,
        'no repetition measured',
      ),
    ];
  });
}

/**
 * Every goal check this run allows, in the order: harness cost, framework overhead, tails, then the
 * service-level goals (service-goals.ts: latency, CPU per order, transport spread).
 */
export function evaluateGoals(results: Pick<BenchResults, 'scenarios' | 'settings' | 'store'>): GoalResult[] {
  return [
    ...harnessCost(results.scenarios),
    ...frameworkOverhead(results.scenarios),
    ...tailRatio(results),
    ...evaluateServiceGoals(results.scenarios, results.store ?? 'unknown'),
  ];
}

/** "goals: 5 met, 2 missed, 3 inconclusive, 1 not checked" plus one line per missed goal. */
export function goalsSummary(goals: readonly GoalResult[]): string[] {
  const count = (v: GoalResult['verdict']) => String(goals.filter((g) => g.verdict === v).length);
  return [
    `goals: ${count('met')} met, ${count('missed')} missed, ${count('inconclusive')} inconclusive, ${count('not checked')} not checked (details in results.md)`,
    ...goals
      .filter((g) => g.verdict === 'missed')
      .map((g) => `  missed ${g.goal} ${g.scenario} (${g.mode}): ${g.detail}`),
  ];
}
