import fc from 'fast-check';

import { stringify } from './arbitraries';

/** One broken invariant: the target, and fast-check's report (seed, path, shrunk counterexample). */
export interface Finding {
  target: string;
  report: string;
}

export interface PropertyOptions {
  seed: number;
  numRuns: number;
}

/**
 * Checks one async property and returns a finding instead of throwing, so one run reports every target
 * that breaks. The report carries the shrunk counterexample and the seed/path to replay it.
 */
export async function checkProperty<T>(
  target: string,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  options: PropertyOptions,
): Promise<Finding | undefined> {
  const details = await fc.check(fc.asyncProperty(arbitrary, predicate), {
    seed: options.seed,
    numRuns: options.numRuns,
    // Shrinking replays requests against live services: bounded, so one finding cannot eat the run.
    endOnFailure: false,
    interruptAfterTimeLimit: 120_000,
    markInterruptAsFailure: false,
  });
  if (!details.failed) return undefined;
  const error = details.errorInstance;
  const why = error instanceof Error ? error.message : String(error);
  const report = (fc.defaultReportMessage(details) ?? 'failed').replace(/\n\nHint: .*$/s, '');
  return { target, report: `${truncate(why, 1_500)}\n${truncate(report, 3_000)}` };
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${String(text.length - max)} more characters)`;
}

/** A short, printable form of a value for a failure message (huge strings cut, control characters escaped). */
export function show(value: unknown): string {
  const text = typeof value === 'string' ? value : (stringify(value) ?? String(value));
  return truncate(JSON.stringify(text), 300);
}
