import type { LoopMode } from '../bench-settings';

export type PlanStep<S> =
  { type: 'warmup'; scenario: S } | { type: 'measure'; scenario: S; mode: LoopMode; repetition: number };

/**
 * The order of a run: every scenario warms up once, then repetition 1 of every scenario (each loop mode
 * in turn), then repetition 2, … — A B C A B C, never A A B B — so drift on the machine (other load,
 * thermal throttling, a broker compacting) spreads over all scenarios instead of landing on one.
 */
export function measurementPlan<S>(
  scenarios: readonly S[],
  modes: readonly LoopMode[],
  repetitions: number,
  warmup: boolean,
): PlanStep<S>[] {
  const steps: PlanStep<S>[] = warmup
    ? scenarios.map((scenario) => ({ type: 'warmup' as const, scenario }))
    : [];
  for (let repetition = 1; repetition <= repetitions; repetition++)
    for (const scenario of scenarios)
      for (const mode of modes) steps.push({ type: 'measure', scenario, mode, repetition });
  return steps;
}
