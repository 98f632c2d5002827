import type { BenchStore, GoalResult, ModeResult, ScenarioResult } from './bench-results';
import {
  describeJudgement,
  type GoalDirection,
  judgeRepetitions,
  type Judgement,
  median,
} from './judge-repetitions';
import { formatMicros } from './result-rows';

/**
 * The service-level targets: what a reservation and an order cost on the real services, one call in
 * flight (closed loop). Latencies in µs as in results.json; `rr.grpc.inventory` has a limit per store.
 */
export const SERVICE_GOAL_LIMITS = {
  p50Us: {
    'rr.grpc.inventory': { PGlite: 4_000, PostgreSQL: 2_000 },
    'e2e.order.sync': 6_000,
    /** The 202 Accepted. */
    'e2e.order.async': 3_000,
    /** Until the webhook arrives. */
    'e2e.order.async-callback': 20_000,
  },
  /** CPU per sync order, every process of the stack together, less their idle work. */
  cpuPerOrderUs: 5_000,
  /** The service rows' spread of p50 (slowest − fastest transport) over the raw rows' spread. */
  transportSpreadShare: 0.5,
} as const;

const TRANSPORTS = ['rest', 'grpc', 'rabbitmq', 'kafka'] as const;

function closedRun(scenarios: readonly ScenarioResult[], name: string): ModeResult | undefined {
  return scenarios.find((s) => s.name === name)?.runs.find((r) => r.mode === 'closed' && r.latency.count > 0);
}

function goalResult(
  common: Pick<GoalResult, 'goal' | 'scenario' | 'limit'>,
  values: readonly number[],
  direction: GoalDirection,
  detail: (judgement: Judgement) => string,
): GoalResult {
  const judgement = judgeRepetitions(values, common.limit, direction);
  if (judgement === undefined)
    return { ...common, mode: 'closed', verdict: 'not checked', detail: 'no repetition measured' };
  return {
    ...common,
    mode: 'closed',
    value: judgement.median,
    spread: { min: judgement.min, max: judgement.max, repetitions: judgement.repetitions },
    verdict: judgement.verdict,
    detail: detail(judgement),
  };
}

function latencyLimit(name: string, store: BenchStore): { limit: number; on: string } | undefined {
  const limits: Record<string, number | Record<'PGlite' | 'PostgreSQL', number>> = SERVICE_GOAL_LIMITS.p50Us;
  const limit = limits[name];
  if (limit === undefined) return undefined;
  if (typeof limit === 'number') return { limit, on: '' };
  // A running stack's store is not known to the bench: it is held to the looser limit.
  if (store === 'unknown')
    return { limit: Math.max(limit.PGlite, limit.PostgreSQL), on: ' on PGlite (store unknown)' };
  return { limit: limit[store], on: ` on ${store}` };
}

function serviceLatency(scenarios: readonly ScenarioResult[], store: BenchStore): GoalResult[] {
  return scenarios.flatMap((s): GoalResult[] => {
    const limit = latencyLimit(s.name, store);
    const closed = closedRun(scenarios, s.name);
    if (limit === undefined || closed === undefined) return [];
    return [
      goalResult(
        { goal: 'service-latency', scenario: s.name, limit: limit.limit },
        closed.repetitions.map((rep) => rep.p50),
        'at-most',
        (j) =>
          `p50 ${formatMicros(j.median)} (${describeJudgement(j, formatMicros)}; goal ≤ ${formatMicros(limit.limit)}${limit.on})`,
      ),
    ];
  });
}

function cpuPerOrder(scenarios: readonly ScenarioResult[]): GoalResult[] {
  const cpu = closedRun(scenarios, 'e2e.order.sync')?.cpuPerOp;
  if (cpu === undefined) return [];
  const limit = SERVICE_GOAL_LIMITS.cpuPerOrderUs;
  return [
    goalResult(
      { goal: 'cpu-per-order', scenario: 'e2e.order.sync', limit },
      cpu.perRunUs,
      'at-most',
      (j) =>
        `CPU ${formatMicros(j.median)} per order, all processes less idle (${describeJudgement(j, formatMicros)}; goal ≤ ${formatMicros(limit)})`,
    ),
  ];
}

/** Per repetition: slowest p50 − fastest p50 over the four transports; undefined when one is missing. */
function spreads(scenarios: readonly ScenarioResult[], layer: 'inventory' | 'raw'): number[] | undefined {
  const runs = TRANSPORTS.map((t) => closedRun(scenarios, `rr.${t}.${layer}`));
  const present = runs.filter((r): r is ModeResult => r !== undefined);
  if (present.length < TRANSPORTS.length) return undefined;
  const rounds = Math.min(...present.map((r) => r.repetitions.length));
  return Array.from({ length: rounds }, (_, index) => {
    const p50s = present.map((r) => r.repetitions[index]?.p50 ?? Number.NaN);
    return Math.max(...p50s) - Math.min(...p50s);
  });
}

/**
 * The transports must be told apart on the real service as well as on the raw clients: per repetition,
 * the spread of the four `rr.*.inventory` p50s over the spread of the four `rr.*.raw` p50s, at least
 * one half.
 */
function transportSpread(scenarios: readonly ScenarioResult[]): GoalResult[] {
  const service = spreads(scenarios, 'inventory');
  const raw = spreads(scenarios, 'raw');
  if (service === undefined || raw === undefined) return [];
  const limit = SERVICE_GOAL_LIMITS.transportSpreadShare;
  const shares = service.flatMap((spread, index) => {
    const base = raw[index];
    return base === undefined || base <= 0 ? [] : [spread / base];
  });
  const middle = (values: readonly number[]) => median([...values].sort((a, b) => a - b));
  return [
    goalResult({ goal: 'transport-spread', scenario: 'rr.*.inventory', limit }, shares, 'at-least', (j) =>
      [
        `service spread ${formatMicros(middle(service))} = ${j.median.toFixed(2)}× the raw spread`,
        ` ${formatMicros(middle(raw))} (${describeJudgement(j, (v) => `${v.toFixed(2)}×`)};`,
        ` goal ≥ ${String(limit)}×)`,
      ].join(''),
    ),
  ];
}

/** The service-level goals this run allows: latency per row, CPU per sync order, transport spread. Pure. */
export function evaluateServiceGoals(scenarios: readonly ScenarioResult[], store: BenchStore): GoalResult[] {
  return [...serviceLatency(scenarios, store), ...cpuPerOrder(scenarios), ...transportSpread(scenarios)];
}
