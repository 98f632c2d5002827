import { isAbsolute, join } from 'node:path';

import { ConfigError } from '@commlab/config';

import { loadBenchConfig } from '../bench.config';
import type { BenchSettings } from '../bench-settings';
import { ServerMissingError } from '../probe-servers';
import { repoRoot } from '../repo-root';
import type { BenchResults } from '../report/bench-results';
import { goalsSummary } from '../report/goals';
import { terminalHopBars } from '../report/hop-bars-report';
import { terminalTable } from '../report/terminal-table';
import { writeResults, type WrittenResults } from '../report/write-results';
import { runBench, type BenchProgress } from '../run-bench';
import { builtinRegistry } from '../scenarios/builtin-scenarios';
import { type ScenarioRegistry, UnknownScenarioError } from '../scenarios/scenario-registry';
import { isSweep } from '../sweep/sweep-args';
import { sweepCommand } from '../sweep/sweep-command';
import { BENCH_USAGE, BenchUsageError, parseBenchArgs } from './bench-args';

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  progress?: BenchProgress;
}

export interface BenchCommandOutcome {
  exitCode: number;
  results?: BenchResults;
  written?: WrittenResults;
}

/** Problems that make the run untrustworthy: the exit code is 1 when there is any. */
export function runProblems(results: BenchResults): string[] {
  const problems: string[] = [];
  for (const s of results.scenarios) {
    if (s.setupError !== undefined) problems.push(`${s.name}: setup failed: ${s.setupError}`);
    for (const p of s.noDelay.problems) problems.push(`${s.name}: ${p}`);
    for (const run of s.runs) {
      if (run.errors + run.timeouts > 0)
        problems.push(
          `${s.name} (${run.mode}): ${run.errors} errors, ${run.timeouts} timed out${
            run.errorSamples.length > 0 ? ` — ${run.errorSamples.join('; ')}` : ''
          }`,
        );
      if (run.latency.count === 0) problems.push(`${s.name} (${run.mode}): no call completed`);
    }
  }
  return problems;
}

function listScenarios(registry: ScenarioRegistry): string {
  const rows = registry.list();
  const width = Math.max(...rows.map((s) => s.name.length));
  return rows.map((s) => `${s.name.padEnd(width)}  ${s.kind.padEnd(9)} ${s.description}`).join('\n');
}

function outBase(settings: BenchSettings): string {
  return isAbsolute(settings.outDir) ? settings.outDir : join(repoRoot(), settings.outDir);
}

/** `pnpm bench …`: 0 ok, 1 the run failed or is untrustworthy, 2 bad command line or a server missing. */
export async function benchCommand(
  argv: readonly string[],
  io: CommandIo,
  registry: ScenarioRegistry = builtinRegistry(),
): Promise<BenchCommandOutcome> {
  if (isSweep(argv)) return { exitCode: (await sweepCommand(argv, io)).exitCode };
  let parsed;
  try {
    parsed = parseBenchArgs(argv);
    if (parsed.command === 'run') registry.select(parsed.settings.scenarios);
  } catch (error) {
    if (error instanceof BenchUsageError || error instanceof UnknownScenarioError) {
      io.err(`pnpm bench: ${error.message}\n\n${BENCH_USAGE}`);
      return { exitCode: 2 };
    }
    throw error;
  }
  if (parsed.command === 'help') {
    io.out(BENCH_USAGE);
    return { exitCode: 0 };
  }
  if (parsed.command === 'list') {
    io.out(listScenarios(registry));
    return { exitCode: 0 };
  }

  const { settings } = parsed;
  let results: BenchResults;
  try {
    const config = loadBenchConfig();
    results = await runBench(settings, registry, config, {
      log: (line) => {
        io.err(line);
      },
      ...(io.progress === undefined ? {} : { progress: io.progress }),
    });
  } catch (error) {
    if (error instanceof ServerMissingError || error instanceof ConfigError) {
      io.err(`pnpm bench: ${error.message}`);
      return { exitCode: 2 };
    }
    throw error;
  }

  const written = writeResults(results, outBase(settings));
  io.out(terminalTable(results));
  for (const line of terminalHopBars(results)) io.out(line);
  io.out(
    `ran ${results.scenarios.map((s) => s.name).join(', ')} (target ${settings.target}${settings.quick ? ', quick' : ''})`,
  );
  io.out(
    `harness cost (no-op call, p50): ${Object.entries(results.harnessCost)
      .map(([mode, cost]) => `${mode} ${cost.p50} µs`)
      .join(
        ', ',
      )}; the raw and framework rows' servers run in processes of their own (see results.md for where each part ran)`,
  );
  for (const line of goalsSummary(results.goals)) io.out(line);
  io.out(`results: ${written.dir}/ (results.json, results.md, chart.svg)`);
  const problems = runProblems(results);
  for (const problem of problems) io.err(`bench: ${problem}`);
  return { exitCode: problems.length > 0 ? 1 : 0, results, written };
}
