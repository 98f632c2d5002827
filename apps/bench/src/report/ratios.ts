import type { ScenarioResult } from './bench-results';

function p50Of(scenario: ScenarioResult | undefined, mode: string): number | undefined {
  const run = scenario?.runs.find((r) => r.mode === mode);
  return run !== undefined && run.latency.count > 0 && run.latency.p50 > 0 ? run.latency.p50 : undefined;
}

/**
 * Fills `ratioToRaw` and `ratioToRest` (p50 / p50, same loop mode) in place:
 * - to the `raw` scenario of the same transport within the same group (or the named `baseline`);
 *   a raw scenario is its own baseline;
 * - to REST: the request-reply REST framework scenario, or REST raw while no framework one exists.
 * The harness row gets neither (it is not a transport); the floor only the REST one.
 */
export function addRatios(scenarios: ScenarioResult[]): void {
  const restFramework = scenarios.find(
    (s) => s.group === 'request-reply' && s.transport === 'rest' && s.kind === 'framework' && !s.setupError,
  );
  const restRaw = scenarios.find(
    (s) => s.group === 'request-reply' && s.transport === 'rest' && s.kind === 'raw' && !s.setupError,
  );
  const rest = restFramework ?? restRaw;
  for (const scenario of scenarios) {
    if (scenario.kind === 'harness') continue;
    // A raw scenario is its own baseline (1.00); framework ones name theirs or take their transport's.
    const raw =
      scenario.kind === 'raw'
        ? scenario
        : scenarios.find((s) =>
            scenario.baseline !== undefined
              ? s.name === scenario.baseline
              : s.kind === 'raw' && s.transport === scenario.transport && s.group === scenario.group,
          );
    for (const run of scenario.runs) {
      const own = p50Of(scenario, run.mode);
      if (own === undefined) continue;
      const rawP50 = scenario.kind === 'floor' ? undefined : p50Of(raw, run.mode);
      if (rawP50 !== undefined) run.ratioToRaw = own / rawP50;
      const restP50 = p50Of(rest, run.mode);
      if (restP50 !== undefined && rest !== undefined) {
        run.ratioToRest = own / restP50;
        run.ratioToRestBase = rest.name;
      }
    }
  }
}
