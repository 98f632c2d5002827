import Table from 'cli-table3';

import { formatMicros } from '../report/result-rows';
import { capacityLine } from './capacity-goal';
import type { PatternSweep, SweepResults, SweepStep } from './sweep-results';

export const SWEEP_HEADERS = ['offered/s', 'achieved/s', 'p50', 'p99', 'errors', 'verdict'] as const;

/** A step's cells; the knee's verdict says so. */
export function stepCells(step: SweepStep, pattern?: PatternSweep): string[] {
  const isKnee = pattern?.knee?.offeredPerSecond === step.offeredPerSecond;
  return [
    String(step.offeredPerSecond),
    String(step.achievedPerSecond),
    formatMicros(step.latency.p50),
    formatMicros(step.latency.p99),
    String(step.errors + step.timeouts),
    isKnee ? `${step.verdict} ← knee` : step.verdict,
  ];
}

/** One progress line per finished step, for the terminal while the sweep runs. */
export function stepLine(pattern: string, index: number, step: SweepStep): string {
  const [offered, achieved, p50, p99, errors, verdict] = stepCells(step);
  const sample = step.errorSamples[0] === undefined ? '' : ` (${step.errorSamples[0]})`;
  return `sweep ${pattern} step ${index + 1}: offered ${offered}/s → achieved ${achieved}/s, p50 ${p50}, p99 ${p99}, ${errors} errors — ${verdict}${sample}`;
}

/** "knee at 152/s (achieved 151/s, p99 84 ms)", or why there is none. */
export function kneeSentence(pattern: PatternSweep, p99LimitMs: number): string {
  if (pattern.setupError !== undefined) return `not set up: ${pattern.setupError}`;
  const { knee, stoppedBy } = pattern;
  if (knee === undefined)
    return `no knee: the first step (${pattern.steps[0]?.offeredPerSecond ?? '?'}/s) already missed the limit (${stoppedBy ?? '?'})`;
  const at = `${knee.offeredPerSecond}/s (achieved ${knee.achievedPerSecond}/s, p50 ${formatMicros(knee.p50)}, p99 ${formatMicros(knee.p99)})`;
  return knee.reached
    ? `knee at ${at}; the next step stopped the sweep: ${stoppedBy ?? '?'}`
    : `knee beyond ${at}: every step met p99 ≤ ${p99LimitMs} ms up to the highest rate offered`;
}

/** A table per pattern with its knee, for the terminal; then the capacity goal, when it was swept. */
export function sweepTables(results: SweepResults): string {
  const goal = results.capacityGoal === undefined ? '' : `\n\n${capacityLine(results.capacityGoal)}`;
  const tables = results.patterns
    .map((pattern) => {
      const table = new Table({
        head: [...SWEEP_HEADERS],
        style: { head: [], border: [] },
        // One line per step, no rule between them.
        chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
        colAligns: ['right', 'right', 'right', 'right', 'right', 'left'],
      });
      for (const step of pattern.steps) table.push(stepCells(step, pattern));
      return `${pattern.name}: ${kneeSentence(pattern, results.settings.p99LimitMs)}\n${table.toString()}`;
    })
    .join('\n\n');
  return `${tables}${goal}`;
}
