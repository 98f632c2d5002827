import type { ScenarioResult } from './bench-results';

function p50Of(scenario: ScenarioResult | undefined, mode: string): number | undefined {
  const run = scenario?.runs.find((r) => r.mode === mode);
  return run !== undefined && run.latency.count > 0 && run.latency.p50 > 0 ? run.latency.p50 : undefined;
}

function usable(scenario: ScenarioResult): boolean {
  return scenario.setupError === undefined;
}

/**
 * The raw scenario a row is compared with: the named baseline, else itself (raw), else its transport's.
 */
export function rawBaseFor(
  scenario: ScenarioResult,
  all: readonly ScenarioResult[],
): ScenarioResult | undefined {
  if (scenario.kind === 'floor') return undefined;
  if (scenario.kind === 'raw' && scenario.baseline === undefined) return scenario;
  return all.find((s) =>
    scenario.baseline !== undefined
      ? s.name === scenario.baseline
      : s.kind === 'raw' && s.transport === scenario.transport && s.group === scenario.group,
  );
}

/**
 * The REST row a row is compared with, like for like:
 * - raw rows and the floor: REST raw (request-reply);
 * - framework rows: the REST row named like it (`rr.grpc.nest` → `rr.rest.nest`, `token.grpc.auth` →
 *   `token.rest.auth`), else the first REST framework row of its group, else REST raw.
 * End-to-end rows are all REST (orders); they get none.
 */
function restBaseFor(scenario: ScenarioResult, all: readonly ScenarioResult[]): ScenarioResult | undefined {
  if (scenario.kind === 'harness' || scenario.group === 'end-to-end') return undefined;
  const restRaw = all.find(
    (s) => s.group === 'request-reply' && s.transport === 'rest' && s.kind === 'raw' && usable(s),
  );
  if (scenario.kind !== 'framework') return restRaw;
  const segments = scenario.name.split('.');
  const twin = segments.length >= 3 ? [segments[0], 'rest', ...segments.slice(2)].join('.') : undefined;
  return (
    all.find((s) => s.name === twin && s.transport === 'rest' && usable(s)) ??
    all.find(
      (s) => s.group === scenario.group && s.transport === 'rest' && s.kind === 'framework' && usable(s),
    ) ??
    restRaw
  );
}

/**
 * Fills `ratioToRaw` and `ratioToRest` (p50 / p50, same loop mode) in place — see rawBaseFor and
 * restBaseFor for which rows are compared. The harness row gets neither (it is not a transport).
 */
export function addRatios(scenarios: ScenarioResult[]): void {
  for (const scenario of scenarios) {
    if (scenario.kind === 'harness') continue;
    const raw = rawBaseFor(scenario, scenarios);
    const rest = restBaseFor(scenario, scenarios);
    for (const run of scenario.runs) {
      const own = p50Of(scenario, run.mode);
      if (own === undefined) continue;
      const rawP50 = p50Of(raw, run.mode);
      if (rawP50 !== undefined) run.ratioToRaw = own / rawP50;
      const restP50 = p50Of(rest, run.mode);
      if (restP50 !== undefined && rest !== undefined) {
        run.ratioToRest = own / restP50;
        run.ratioToRestBase = rest.name;
      }
    }
  }
}
