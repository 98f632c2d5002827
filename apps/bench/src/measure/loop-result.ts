import type { LatencyHistogram } from './latency-histogram';

/** What one run of a loop measured. Latencies of failed calls are not recorded, only counted. */
export interface LoopResult {
  /** Latency of each successful call (open loop: from the INTENDED send time, corrected for coordinated omission). */
  latency: LatencyHistogram;
  /** Open loop only: latency from the ACTUAL send time (what a naive load generator reports). */
  uncorrected?: LatencyHistogram;
  completed: number;
  /** Calls that rejected. */
  errors: number;
  /** Calls still unanswered when the run ended and the drain deadline passed. */
  timeouts: number;
  /** First few error messages, for the report. */
  errorSamples: string[];
  /** From the first send to the last completion, in nanoseconds. */
  elapsedNs: bigint;
}

export const MAX_ERROR_SAMPLES = 3;

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
