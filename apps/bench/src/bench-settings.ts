import type { BenchTarget } from './scenario';

/**
 * closed: N calls in flight, each sent as soon as the one before answered; open: arrivals at a rate;
 * paced: the closed loop with a pause between an answer and the next call (`--think-ms`), so that every
 * process of the path has gone idle when the next call arrives, as a lone user's calls find them.
 */
export type LoopMode = 'closed' | 'open' | 'paced';

/** Everything that shapes a run; written to results.json as is. */
export interface BenchSettings {
  target: BenchTarget;
  quick: boolean;
  /** `--scenario` selectors (names or `prefix*`); empty = all. harness.noop always runs. */
  scenarios: string[];
  modes: LoopMode[];
  /** Each measured run lasts this long… */
  durationS: number;
  /** …or, when set, makes this many calls instead. */
  count?: number;
  /** Calls made (and thrown away) per scenario before measuring. */
  warmupS: number;
  /** Closed loop: calls in flight. */
  concurrency: number;
  /** Paced loop (`--think-ms`): the pause between an answer and the next call; the mode runs only with it. */
  thinkMs?: number;
  /** Open loop: arrivals per second. */
  ratePerSecond: number;
  /** Open loop: most calls in flight; a due call beyond it waits (and the corrected latency shows it). */
  openLoopMaxInFlight: number;
  /** Repetitions of every measured run, interleaved across scenarios (A B C A B C …). */
  repetitions: number;
  /** A run gives up after this long without any call completing; unanswered calls count as timeouts. */
  stallTimeoutS: number;
  /** Results go to `<outDir>/<timestamp>/`. */
  outDir: string;
}

/** How the paced loop runs, for its labels in the table, the report and the chart. */
export function pacedLoopText(settings: Pick<BenchSettings, 'concurrency' | 'thinkMs'>): string {
  return `${String(settings.concurrency)} in flight, ${String(settings.thinkMs ?? 0)} ms idle between calls`;
}

export const FULL_DEFAULTS = {
  durationS: 3,
  warmupS: 2,
  /** Goals are judged on at least five interleaved repetitions (report/judge-repetitions.ts). */
  repetitions: 5,
  concurrency: 1,
  ratePerSecond: 200,
  openLoopMaxInFlight: 64,
  stallTimeoutS: 5,
} as const;

/** `--quick`: about a minute for the built-in scenarios (most of it starting the services). */
export const QUICK_DEFAULTS = {
  ...FULL_DEFAULTS,
  durationS: 0.5,
  warmupS: 0.3,
  repetitions: 2,
} as const;
