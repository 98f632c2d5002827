import { compactHopBar, formatHopBars, type HopBar } from '../hops/hop-bars';
import type { BenchResults, RowHopBar } from './bench-results';

const asBar = (row: RowHopBar): HopBar => ({
  label: row.scenario,
  spans: row.spans,
  traces: row.traces,
  totalMs: row.medianMs,
  hops: row.hops,
});

const incomplete = (row: RowHopBar) =>
  row.incomplete > 0
    ? `  (${String(row.incomplete)} sampled orders left out: their trace was missing or did not reach the end)`
    : undefined;

const HOW_TO_READ =
  "Median per hop over a sample of each row's orders (the last ones of every measured run), from their traces in the stack's trace store; the medians need not add up to the median total. How to read them: docs/benchmarks.md, \"Where each pattern's time goes\".";

/** The terminal lines after the table: one compact bar per end-to-end row, or why it has none. */
export function terminalHopBars(results: BenchResults): string[] {
  const rows = results.hopBars ?? [];
  if (rows.length === 0) return [];
  const lines = ['', "Where each pattern's time goes (median per hop, from the orders' traces):"];
  for (const row of rows) {
    if (row.none !== undefined) lines.push(`${row.scenario}: no bar — ${row.none}`);
    else lines.push(...compactHopBar(asBar(row)));
    const left = incomplete(row);
    if (left !== undefined && row.none === undefined) lines.push(left);
  }
  return lines;
}

/** results.md's section "Where each pattern's time goes": each row's bar with its full legend. */
export function hopBarsSection(results: BenchResults): string[] {
  const rows = results.hopBars ?? [];
  if (rows.length === 0) return [];
  const lines = ["## Where each pattern's time goes", '', HOW_TO_READ, ''];
  for (const row of rows) {
    if (row.none !== undefined) {
      lines.push(`- **${row.scenario}**: no bar — ${row.none}`, '');
      continue;
    }
    lines.push('```text', ...formatHopBars([asBar(row)]));
    const left = incomplete(row);
    if (left !== undefined) lines.push(left);
    lines.push('```', '');
  }
  return lines;
}
