import type { LatencySummary } from '../measure/latency-summary';
import type { BenchResults, ModeResult } from './bench-results';

/** One line of the terminal table and results.md. */
export interface ResultRow {
  scenario: string;
  kind: string;
  load: string;
  latency?: LatencySummary;
  throughput: string;
  /** CPU per operation of the stack's processes together (service rows), else "–". */
  cpuPerOp: string;
  errors: string;
  ratioToRaw: string;
  ratioToRest: string;
}

/** 850 → "850 µs", 1234 → "1.23 ms", 123456 → "123 ms", 2_500_000 → "2.50 s". */
export function formatMicros(micros: number): string {
  if (micros < 1000) return `${Math.round(micros)} µs`;
  if (micros < 1_000_000) {
    const ms = micros / 1000;
    return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
  }
  return `${(micros / 1_000_000).toFixed(2)} s`;
}

export function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined) return '–';
  return `${ratio < 10 ? ratio.toFixed(2) : ratio.toFixed(1)}×`;
}

function errorsOf(run: ModeResult): string {
  return run.timeouts > 0 ? `${run.errors} + ${run.timeouts} timed out` : String(run.errors);
}

/** Scenario × loop rows; an open loop adds an "uncorrected" row under its corrected one. */
export function resultRows(results: BenchResults): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const scenario of results.scenarios) {
    if (scenario.setupError !== undefined) {
      rows.push({
        scenario: scenario.name,
        kind: scenario.kind,
        load: 'setup failed',
        throughput: '–',
        cpuPerOp: '–',
        errors: scenario.setupError.slice(0, 60),
        ratioToRaw: '–',
        ratioToRest: '–',
      });
      continue;
    }
    for (const run of scenario.runs) {
      rows.push({
        scenario: scenario.name,
        kind: scenario.kind,
        load: run.mode === 'open' ? `${run.load}, corrected` : run.load,
        latency: run.latency,
        throughput: `${Math.round(run.throughputPerSecond)}/s`,
        cpuPerOp: run.cpuPerOp === undefined ? '–' : formatMicros(run.cpuPerOp.totalUs),
        errors: errorsOf(run),
        ratioToRaw: formatRatio(run.ratioToRaw),
        ratioToRest: formatRatio(run.ratioToRest),
      });
      if (run.uncorrected !== undefined)
        rows.push({
          scenario: '',
          kind: '',
          load: '  uncorrected',
          latency: run.uncorrected,
          throughput: '',
          cpuPerOp: '',
          errors: '',
          ratioToRaw: '',
          ratioToRest: '',
        });
    }
  }
  return rows;
}

export const ROW_HEADERS = [
  'scenario',
  'kind',
  'loop',
  'p50',
  'p90',
  'p99',
  'p99.9',
  'max',
  'throughput',
  'cpu/op',
  'errors',
  '×raw',
  '×REST',
] as const;

export function rowCells(row: ResultRow): string[] {
  const l = row.latency;
  const cell = (v: number | undefined) => (v === undefined ? '–' : formatMicros(v));
  return [
    row.scenario,
    row.kind,
    row.load,
    cell(l?.p50),
    cell(l?.p90),
    cell(l?.p99),
    cell(l?.p999),
    cell(l?.max),
    row.throughput,
    row.cpuPerOp,
    row.errors,
    row.ratioToRaw,
    row.ratioToRest,
  ];
}
