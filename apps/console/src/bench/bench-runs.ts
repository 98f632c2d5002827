import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { AppError } from '@commlab/errors';
import { z } from 'zod';

import type { BenchFigures, BenchListView, BenchRunSummary, BenchRunView } from '../common/api';

/** The parts of `pnpm bench`'s results.json (schema commlab-bench/v1) the console shows. */
const latencySchema = z.object({ p50: z.number(), p90: z.number(), p99: z.number(), max: z.number() });
const resultsSchema = z.object({
  schema: z.literal('commlab-bench/v1'),
  startedAt: z.string(),
  machine: z.object({ cpus: z.number(), cpuModel: z.string(), node: z.string() }),
  settings: z.object({ quick: z.boolean() }),
  scenarios: z.array(
    z.object({
      name: z.string(),
      group: z.string(),
      transport: z.string(),
      runs: z.array(
        z.object({
          mode: z.string(),
          load: z.string(),
          latency: latencySchema,
          throughputPerSecond: z.number(),
          errors: z.number(),
        }),
      ),
    }),
  ),
});
type Results = z.infer<typeof resultsSchema>;

/** A run folder is the bench's `<timestamp>` name: `2026-01-31T12-34-56Z`. */
const RUN_ID = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/;

function summary(id: string, results: Results): BenchRunSummary {
  return {
    id,
    startedAt: results.startedAt,
    machine: `${String(results.machine.cpus)} × ${results.machine.cpuModel}, Node ${results.machine.node}`,
    scenarios: results.scenarios.length,
    quick: results.settings.quick,
  };
}

function figures(results: Results): BenchFigures[] {
  return results.scenarios.flatMap((scenario) =>
    scenario.runs.map((run) => ({
      scenario: scenario.name,
      group: scenario.group,
      transport: scenario.transport,
      mode: run.mode,
      load: run.load,
      p50: run.latency.p50,
      p90: run.latency.p90,
      p99: run.latency.p99,
      max: run.latency.max,
      throughputPerSecond: run.throughputPerSecond,
      errors: run.errors,
    })),
  );
}

/** The runs `pnpm bench` wrote under `dir` (`<dir>/<time>/results.json`), newest first. */
export class BenchRuns {
  constructor(private readonly dir: string) {}

  async list(): Promise<BenchListView> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((name) => RUN_ID.test(name));
    } catch {
      return { dir: this.dir, runs: [], problems: [] };
    }
    const runs: BenchRunSummary[] = [];
    const problems: string[] = [];
    for (const id of names.sort().reverse()) {
      try {
        runs.push(summary(id, await this.read(id)));
      } catch (error) {
        problems.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return { dir: this.dir, runs, problems };
  }

  async run(id: string): Promise<BenchRunView> {
    if (!RUN_ID.test(id)) {
      throw new AppError({ code: 'BAD_RUN_ID', kind: 'invalid_argument', message: `not a bench run: ${id}` });
    }
    const results = await this.read(id);
    return { ...summary(id, results), figures: figures(results) };
  }

  private async read(id: string): Promise<Results> {
    let text: string;
    try {
      text = await readFile(join(this.dir, id, 'results.json'), 'utf8');
    } catch (error) {
      throw new AppError({
        code: 'RUN_NOT_FOUND',
        kind: 'not_found',
        message: `no results.json in ${id}`,
        cause: error,
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new AppError({
        code: 'RUN_UNREADABLE',
        kind: 'failed_precondition',
        message: 'results.json is not JSON',
        cause: error,
      });
    }
    const result = resultsSchema.safeParse(parsed);
    if (!result.success) {
      throw new AppError({
        code: 'RUN_UNREADABLE',
        kind: 'failed_precondition',
        message: `results.json is not a commlab-bench/v1 file (${result.error.issues[0]?.message ?? 'unexpected shape'})`,
        cause: result.error,
      });
    }
    return result.data;
  }
}
