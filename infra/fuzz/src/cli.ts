import { parseArgs } from 'node:util';

import { formatFuzzReport, runFuzz } from './run-fuzz';

/**
 * `pnpm fuzz [--runs N] [--seed S] [--only TARGET]`: a longer, or differently seeded, run of the fuzz e2e
 * test; `--only` keeps the targets whose name contains it (none matching is an error, not a clean run).
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '200' },
      seed: { type: 'string' },
      only: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${String(values.seed)}`);
  console.log(`pnpm fuzz: seed ${String(seed)}, ${String(runs)} cases per target`);
  const report = await runFuzz({
    seed,
    runs,
    ...(values.only === undefined ? {} : { only: values.only }),
    log: (line) => {
      console.log(line);
    },
  });
  console.log(formatFuzzReport(report));
  return report.findings.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`pnpm fuzz: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
