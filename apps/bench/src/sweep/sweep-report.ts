import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { timestampFolder } from '../report/write-results';
import { sweepChartSvg } from './sweep-chart';
import { capacityLine } from './capacity-goal';
import type { SweepResults } from './sweep-results';
import { kneeSentence, stepCells, SWEEP_HEADERS } from './sweep-table';

export const SWEEP_FILES = { json: 'sweep.json', markdown: 'sweep.md', chart: 'sweep.svg' } as const;

export interface WrittenSweep {
  dir: string;
  json: string;
  markdown: string;
  chart: string;
}

/** sweep.md: the settings, the chart, and per pattern its knee and the table of its steps. */
export function sweepMarkdown(results: SweepResults): string {
  const { settings: s, machine } = results;
  const lines = [
    `# commlab bench --sweep — ${results.startedAt}`,
    '',
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB, ${machine.os}, Node ${machine.node}.`,
    `Settings: target ${s.target}; open-loop steps of ${s.stepS} s from ${s.startRate}/s, ×${s.rateFactor} per step ` +
      `(at most ${s.maxSteps} steps, ≤${s.maxRate}/s, ≤${s.maxInFlight} in flight), ${s.warmupS} s warm-up per pattern. ` +
      `A step passes with p99 ≤ ${s.p99LimitMs} ms (corrected for coordinated omission), no error and an achieved ` +
      `throughput ≥ ${s.minAchievedShare * 100}% of the offered rate; the knee is the highest step that passed.`,
    '',
    `![p50 and p99 against achieved throughput, every pattern](${SWEEP_FILES.chart})`,
    '',
  ];
  for (const pattern of results.patterns) {
    lines.push(`## ${pattern.name}`, '', pattern.description, '', kneeSentence(pattern, s.p99LimitMs), '');
    if (pattern.steps.length === 0) continue;
    lines.push(
      `| ${SWEEP_HEADERS.join(' | ')} |`,
      `|${SWEEP_HEADERS.map((_, i) => (i < 5 ? '---:' : '---')).join('|')}|`,
      ...pattern.steps.map((step) => `| ${stepCells(step, pattern).join(' | ')} |`),
      '',
      `Where: ${pattern.placement}.`,
      '',
    );
  }
  if (results.capacityGoal !== undefined)
    lines.push('## Capacity goal', '', `${capacityLine(results.capacityGoal)}.`, '');
  return lines.join('\n');
}

/** Writes sweep.json, sweep.md and sweep.svg to `<baseDir>/<timestamp>/`, beside other runs' results. */
export function writeSweep(results: SweepResults, baseDir: string): WrittenSweep {
  const dir = resolve(baseDir, timestampFolder(results.startedAt));
  mkdirSync(dir, { recursive: true });
  const written = {
    dir,
    json: join(dir, SWEEP_FILES.json),
    markdown: join(dir, SWEEP_FILES.markdown),
    chart: join(dir, SWEEP_FILES.chart),
  };
  writeFileSync(written.json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(written.markdown, sweepMarkdown(results));
  writeFileSync(written.chart, sweepChartSvg(results));
  return written;
}
