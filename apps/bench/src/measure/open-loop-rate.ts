import type { BenchSettings } from '../bench-settings';

/** Share of a scenario's measured capacity the open loop may use at most (the tails goal's light load). */
const OPEN_LOOP_MAX_LOAD = 0.5;

/**
 * The open loop's rate for a scenario whose closed loop just completed `completed` calls in `elapsedNs`:
 * `--rate`, lowered to half that capacity when `--rate` would be more — so a slow scenario (the real
 * services on an in-process store) is measured at a light load instead of an overload whose queue grows
 * for the whole run, and every open-loop row is comparable with the tails goal.
 */
export function openLoopRate(settings: BenchSettings, completed: number, elapsedNs: bigint): number {
  const elapsedS = Number(elapsedNs) / 1e9;
  if (completed <= 0 || elapsedS <= 0) return settings.ratePerSecond;
  const capacity = completed / elapsedS;
  return Math.max(1, Math.min(settings.ratePerSecond, Math.floor(capacity * OPEN_LOOP_MAX_LOAD)));
}
