import type { StepVerdict } from './step-verdict';

/**
 * Why a pattern's sweep ended: a step failed (its verdict), or the plan ran out of steps before any
 * did (`max rate`: the knee lies beyond the highest rate offered).
 */
export type SweepStop = Exclude<StepVerdict, 'ok'> | 'max rate';

export interface KneeFinding {
  /** Index of the highest step that met the limit, or undefined when even the first step missed it. */
  index: number | undefined;
  /** False when no step failed: the knee is at least this step, not found. */
  reached: boolean;
  stoppedBy: SweepStop;
}

/**
 * The knee of a sweep whose steps are in rising order of rate: the highest step that met the limit
 * before the first that did not (a later lucky step does not count: the sweep stops at the first miss).
 */
export function findKnee(verdicts: readonly StepVerdict[]): KneeFinding {
  const firstMiss = verdicts.findIndex((v) => v !== 'ok');
  if (firstMiss === -1)
    return {
      index: verdicts.length > 0 ? verdicts.length - 1 : undefined,
      reached: false,
      stoppedBy: 'max rate',
    };
  const miss = verdicts[firstMiss] as Exclude<StepVerdict, 'ok'>;
  return { index: firstMiss > 0 ? firstMiss - 1 : undefined, reached: true, stoppedBy: miss };
}
