import type { OrderCost } from './cost-report';

/** One way to run the stack's tracing, and the variables that select it. */
export interface TracingVariant {
  label: string;
  env: Readonly<Record<string, string>>;
}

/** `--compare-tracing`: the default (every order traced), one order in ten, and no SDK at all. */
export const TRACING_VARIANTS: readonly TracingVariant[] = [
  { label: 'traced (default)', env: {} },
  {
    label: 'sampled 0.1',
    env: { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' },
  },
  { label: 'tracing off', env: { OTEL_SDK_DISABLED: 'true' } },
];

/** What one variant's run measured. */
export interface TracingRun {
  label: string;
  cost: OrderCost;
  spansPerOrder: number;
  p50Ms: number;
}

const fixed = (value: number | undefined, digits = 2) => (value === undefined ? '–' : value.toFixed(digits));

/**
 * The runs side by side, per order: every process's CPU ms, the totals with and without the idle
 * rates, spans, and the last column the first run less the last (with the default variants: what
 * tracing costs).
 */
export function tracingComparisonReport(runs: readonly TracingRun[]): string[] {
  const first = runs[0];
  const last = runs[runs.length - 1];
  if (first === undefined || last === undefined) return [];
  const share = `${first.label} − ${last.label}`;
  const lines = [
    `| per sync order | ${runs.map((run) => run.label).join(' | ')} | ${share} |`,
    `|---|${runs.map(() => '---:|').join('')}---:|`,
  ];
  const row = (name: string, pick: (run: TracingRun) => number | undefined, digits = 2) => {
    const values = runs.map(pick);
    const a = values[0];
    const b = values[values.length - 1];
    const diff = a === undefined || b === undefined ? undefined : a - b;
    lines.push(`| ${name} | ${values.map((v) => fixed(v, digits)).join(' | ')} | ${fixed(diff, digits)} |`);
  };
  const cpu = (name: string) => (run: TracingRun) =>
    run.cost.processes.find((p) => p.name === name)?.cpuMsPerOrder;
  const names = [...new Set(runs.flatMap((run) => run.cost.processes.map((p) => p.name)))];
  for (const name of names) row(`CPU ms, ${name}`, cpu(name));
  row('CPU ms, all processes', (run) => run.cost.total.cpuMsPerOrder);
  row('— less idle', (run) => run.cost.total.cpuMsPerOrderLessIdle);
  row('idle CPU ms/s, all processes', (run) => run.cost.total.idleCpuMsPerSecond, 1);
  row('spans received by the trace store', (run) => run.spansPerOrder, 1);
  row('SQL statements', (run) => run.cost.total.statementsPerOrder, 1);
  row('POST /orders p50 ms (wall clock)', (run) => run.p50Ms, 1);
  return lines;
}
