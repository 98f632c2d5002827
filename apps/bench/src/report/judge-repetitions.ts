/** A goal needs at least this many interleaved repetitions for a verdict (met or missed). */
export const MIN_REPETITIONS_FOR_VERDICT = 5;

export type Verdict = 'met' | 'missed' | 'inconclusive';

export interface Judgement {
  /** The median of the per-repetition values: what the goal is judged on. */
  median: number;
  /** The spread of the per-repetition values. */
  min: number;
  max: number;
  repetitions: number;
  /**
   * `met` when every repetition is within the limit, `missed` when none is, `inconclusive` when the
   * spread straddles the limit or there are fewer than MIN_REPETITIONS_FOR_VERDICT repetitions.
   */
  verdict: Verdict;
}

/** The median of values sorted in ascending order (the mean of the middle two for an even count). */
export function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/** Which side of its limit a goal wants the value on. */
export type GoalDirection = 'at-most' | 'at-least';

/**
 * Judges a goal "value ≤ limit" (or, `at-least`, "value ≥ limit") on interleaved repetitions, not on one
 * merged figure: a verdict this machine's run-to-run drift could flip is reported as inconclusive.
 * Undefined for no values. Pure.
 */
export function judgeRepetitions(
  values: readonly number[],
  limit: number,
  direction: GoalDirection = 'at-most',
): Judgement | undefined {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  const min = sorted[0];
  const max = sorted.at(-1);
  if (min === undefined || max === undefined) return undefined;
  const enough = sorted.length >= MIN_REPETITIONS_FOR_VERDICT;
  const [worst, best] = direction === 'at-most' ? [max, min] : [min, max];
  const within = (value: number) => (direction === 'at-most' ? value <= limit : value >= limit);
  const verdict: Verdict = !enough
    ? 'inconclusive'
    : within(worst)
      ? 'met'
      : !within(best)
        ? 'missed'
        : 'inconclusive';
  return { median: median(sorted), min, max, repetitions: sorted.length, verdict };
}

/** "median of 5 repetitions, spread 0.91–1.30" — the words every goal line carries. */
export function describeJudgement(judgement: Judgement, format: (value: number) => string): string {
  const spread = `${format(judgement.min)}–${format(judgement.max)}`;
  const few =
    judgement.repetitions < MIN_REPETITIONS_FOR_VERDICT
      ? `; a verdict needs ≥ ${String(MIN_REPETITIONS_FOR_VERDICT)}`
      : '';
  return `median of ${String(judgement.repetitions)} repetition${judgement.repetitions === 1 ? '' : 's'}, spread ${spread}${few}`;
}
