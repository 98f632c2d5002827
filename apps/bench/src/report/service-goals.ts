import type { BenchStore, GoalResult, ModeResult, ScenarioResult } from './bench-results';
import {
  describeJudgement,
  type GoalDirection,
  judgeRepetitions,
  type Judgement,
  median,
  MIN_REPETITIONS_FOR_VERDICT,
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
  /** The service rows' spread of median p50s (slowest − fastest transport) over the raw rows' spread. */
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

/** One transport's closed-loop p50s, one per repetition, sorted, with their median. */
interface TransportP50s {
  name: string;
  sorted: number[];
  median: number;
}

/** The four `rr.<transport>.<layer>` rows' p50s; undefined when one is missing or unmeasured. */
function transportP50s(
  scenarios: readonly ScenarioResult[],
  layer: 'inventory' | 'raw',
): [TransportP50s, ...TransportP50s[]] | undefined {
  const rows = TRANSPORTS.map((t) => {
    const sorted = (closedRun(scenarios, `rr.${t}.${layer}`)?.repetitions ?? [])
      .map((rep) => rep.p50)
      .filter((p50) => Number.isFinite(p50))
      .sort((a, b) => a - b);
    return { name: `rr.${t}.${layer}`, sorted, median: median(sorted) };
  });
  const [first, ...rest] = rows;
  return first !== undefined && rows.every((row) => row.sorted.length > 0) ? [first, ...rest] : undefined;
}

/** The fastest and the slowest transport by median p50, and the spread between their medians. */
function extremes(rows: readonly [TransportP50s, ...TransportP50s[]]): {
  fastest: TransportP50s;
  slowest: TransportP50s;
  spread: number;
} {
  let fastest = rows[0];
  let slowest = rows[0];
  for (const row of rows) {
    if (row.median < fastest.median) fastest = row;
    if (row.median > slowest.median) slowest = row;
  }
  return { fastest, slowest, spread: slowest.median - fastest.median };
}

/**
 * The transports must be told apart on the real service as well as on the raw clients: the spread between
 * the fastest and the slowest `rr.*.inventory` row's median p50 at least half the spread between the
 * `rr.*.raw` rows' medians — and that spread must be signal, not noise: `met` only when every repetition
 * of the fastest row is faster than every repetition of the slowest one. Medians far enough apart whose
 * repetitions overlap are `inconclusive`; too close is `missed`. Fewer than MIN_REPETITIONS_FOR_VERDICT
 * repetitions give no verdict.
 */
function transportSpread(scenarios: readonly ScenarioResult[]): GoalResult[] {
  const service = transportP50s(scenarios, 'inventory');
  const raw = transportP50s(scenarios, 'raw');
  if (service === undefined || raw === undefined) return [];
  const limit = SERVICE_GOAL_LIMITS.transportSpreadShare;
  const common = { goal: 'transport-spread', scenario: 'rr.*.inventory', limit, mode: 'closed' } as const;
  const s = extremes(service);
  const r = extremes(raw);
  if (r.spread <= 0) return [{ ...common, verdict: 'not checked', detail: 'the raw rows do not differ' }];
  const share = s.spread / r.spread;
  const repetitions = Math.min(...service.map((row) => row.sorted.length));
  const apart = (s.fastest.sorted.at(-1) ?? Number.NaN) < (s.slowest.sorted[0] ?? Number.NaN);
  const verdict =
    repetitions < MIN_REPETITIONS_FOR_VERDICT
      ? 'inconclusive'
      : share < limit
        ? 'missed'
        : apart
          ? 'met'
          : 'inconclusive';
  const range = (row: TransportP50s) =>
    `${formatMicros(row.sorted[0] ?? Number.NaN)}–${formatMicros(row.sorted.at(-1) ?? Number.NaN)}`;
  const separation = apart
    ? 'their repetitions do not overlap'
    : `their repetitions overlap (${s.fastest.name} ${range(s.fastest)}, ${s.slowest.name} ${range(s.slowest)}): noise`;
  return [
    {
      ...common,
      value: share,
      spread: { min: share, max: share, repetitions },
      verdict,
      detail: [
        `medians ${s.fastest.name} ${formatMicros(s.fastest.median)} to ${s.slowest.name} ${formatMicros(s.slowest.median)}:`,
        ` ${formatMicros(s.spread)} = ${share.toFixed(2)}× the raw rows’ ${formatMicros(r.spread)}; ${separation}`,
        ` (${String(repetitions)} repetitions; goal ≥ ${String(limit)}× and apart)`,
      ].join(''),
    },
  ];
}

/** The service-level goals this run allows: latency per row, CPU per sync order, transport spread. Pure. */
export function evaluateServiceGoals(scenarios: readonly ScenarioResult[], store: BenchStore): GoalResult[] {
  return [...serviceLatency(scenarios, store), ...cpuPerOrder(scenarios), ...transportSpread(scenarios)];
}
