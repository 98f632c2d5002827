import { isAbsolute, join } from 'node:path';

import { ConfigError } from '@commlab/config';

import { loadBenchConfig } from '../bench.config';
import type { CommandIo } from '../cli/bench-command';
import { ServerMissingError } from '../probe-servers';
import { repoRoot } from '../repo-root';
import { type ScenarioRegistry, UnknownScenarioError } from '../scenarios/scenario-registry';
import { runSweep } from './run-sweep';
import { parseSweepArgs, SWEEP_USAGE, SweepUsageError } from './sweep-args';
import { writeSweep, type WrittenSweep } from './sweep-report';
import type { SweepResults } from './sweep-results';
import { sweepRegistry } from './sweep-registry';
import { SWEEP_DEFAULT_PATTERNS } from './sweep-settings';
import { sweepTables } from './sweep-table';

export interface SweepCommandOutcome {
  exitCode: number;
  results?: SweepResults;
  written?: WrittenSweep;
}

/** What makes a sweep untrustworthy (exit 1): a pattern not set up, or failing at its lowest rate. */
export function sweepProblems(results: SweepResults): string[] {
  return results.patterns.flatMap((p) => {
    if (p.setupError !== undefined) return [`${p.name}: setup failed: ${p.setupError}`];
    const first = p.steps[0];
    if (first === undefined) return [`${p.name}: no step ran`];
    if (first.verdict === 'errors')
      return [
        `${p.name}: calls failed at the lowest rate (${first.offeredPerSecond}/s): ${first.errors} errors, ${first.timeouts} timed out${
          first.errorSamples.length > 0 ? ` — ${first.errorSamples.join('; ')}` : ''
        }`,
      ];
    return [];
  });
}

/** `pnpm bench --sweep …`: 0 ok, 1 a pattern failed to run, 2 bad command line or a server missing. */
export async function sweepCommand(
  argv: readonly string[],
  io: CommandIo,
  registry: ScenarioRegistry = sweepRegistry(),
): Promise<SweepCommandOutcome> {
  let parsed;
  let scenarios;
  try {
    parsed = parseSweepArgs(argv);
    if (parsed.command === 'sweep')
      scenarios = registry.select(
        parsed.settings.scenarios.length > 0 ? parsed.settings.scenarios : SWEEP_DEFAULT_PATTERNS,
      );
  } catch (error) {
    if (error instanceof SweepUsageError || error instanceof UnknownScenarioError) {
      io.err(`pnpm bench --sweep: ${error.message}\n\n${SWEEP_USAGE}`);
      return { exitCode: 2 };
    }
    throw error;
  }
  if (parsed.command === 'help') {
    io.out(SWEEP_USAGE);
    return { exitCode: 0 };
  }
  if (parsed.command === 'list') {
    const defaults: readonly string[] = SWEEP_DEFAULT_PATTERNS;
    const rows = registry.list();
    const width = Math.max(...rows.map((s) => s.name.length));
    io.out(
      rows
        .map(
          (s) =>
            `${s.name.padEnd(width)}  ${defaults.includes(s.name) ? 'default' : '       '}  ${s.description}`,
        )
        .join('\n'),
    );
    return { exitCode: 0 };
  }

  const { settings } = parsed;
  let results: SweepResults;
  try {
    results = await runSweep(settings, scenarios ?? [], loadBenchConfig(), {
      log: (line) => {
        io.err(line);
      },
    });
  } catch (error) {
    if (error instanceof ServerMissingError || error instanceof ConfigError) {
      io.err(`pnpm bench --sweep: ${error.message}`);
      return { exitCode: 2 };
    }
    throw error;
  }
  const base = isAbsolute(settings.outDir) ? settings.outDir : join(repoRoot(), settings.outDir);
  const written = writeSweep(results, base);
  io.out(sweepTables(results));
  io.out(`results: ${written.dir}/ (sweep.json, sweep.md, sweep.svg)`);
  const problems = sweepProblems(results);
  for (const problem of problems) io.err(`sweep: ${problem}`);
  return { exitCode: problems.length > 0 ? 1 : 0, results, written };
}
