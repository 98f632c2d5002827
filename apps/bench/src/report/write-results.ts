import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { BenchResults } from './bench-results';
import { markdownReport } from './markdown-report';
import { percentileChart } from './percentile-chart';

export interface WrittenResults {
  dir: string;
  json: string;
  markdown: string;
  chart: string;
}

/** `2025-01-31T12:34:56.789Z` → `2025-01-31T12-34-56Z`: sortable and valid on every file system. */
export function timestampFolder(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

/** Writes results.json, results.md and chart.svg to `<baseDir>/<timestamp>/`. */
export function writeResults(results: BenchResults, baseDir: string): WrittenResults {
  const dir = resolve(baseDir, timestampFolder(results.startedAt));
  mkdirSync(dir, { recursive: true });
  const written = {
    dir,
    json: join(dir, 'results.json'),
    markdown: join(dir, 'results.md'),
    chart: join(dir, 'chart.svg'),
  };
  writeFileSync(written.json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(written.markdown, markdownReport(results));
  writeFileSync(written.chart, percentileChart(results));
  return written;
}
