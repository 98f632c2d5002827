import type { BenchTarget } from '../scenario';

/** `--target` values, aliases included. */
const TARGETS: Partial<Record<string, BenchTarget>> = {
  processes: 'processes',
  stack: 'stack',
  compose: 'stack',
};

/** Targets that no longer exist, and what to say instead. */
const REMOVED: Partial<Record<string, string>> = {
  'in-process':
    '--target in-process was removed: the bench no longer runs the services inside its own process; use ' +
    '--target processes (the default), which starts them as processes of a pnpm start of its own',
};
REMOVED.local = REMOVED['in-process']?.replace('--target in-process', '--target local (in-process)');

/**
 * The target a `--target` value names (default `processes`), or the message for the user when it names
 * none (a removed target says what replaces it). Pure.
 */
export function parseBenchTarget(value: string | undefined): { target: BenchTarget } | { error: string } {
  const given = value ?? 'processes';
  const target = TARGETS[given];
  if (target !== undefined) return { target };
  return { error: REMOVED[given] ?? '--target must be processes or stack (compose)' };
}
