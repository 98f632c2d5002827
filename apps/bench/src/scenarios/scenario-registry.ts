import type { Scenario } from '../scenario';

/** The scenarios `pnpm bench` knows, by name, in the order they are listed and run. */
export class ScenarioRegistry {
  private readonly byName = new Map<string, Scenario>();

  constructor(scenarios: readonly Scenario[] = []) {
    for (const scenario of scenarios) this.register(scenario);
  }

  register(scenario: Scenario): this {
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(scenario.name))
      throw new Error(`scenario name ${JSON.stringify(scenario.name)} must be dotted lowercase words`);
    if (this.byName.has(scenario.name)) throw new Error(`scenario ${scenario.name} is registered twice`);
    this.byName.set(scenario.name, scenario);
    return this;
  }

  list(): Scenario[] {
    return [...this.byName.values()];
  }

  /**
   * The scenarios matching the selectors, in registry order. A selector is a name, or a prefix ending
   * in `*` (`rr.*`). Throws with the unknown selectors named.
   */
  select(selectors: readonly string[]): Scenario[] {
    if (selectors.length === 0) return this.list();
    const unknown = selectors.filter((selector) => !this.list().some((s) => matches(selector, s.name)));
    if (unknown.length > 0)
      throw new UnknownScenarioError(
        `unknown scenario ${unknown.map((u) => JSON.stringify(u)).join(', ')}; see --list`,
      );
    return this.list().filter((s) => selectors.some((selector) => matches(selector, s.name)));
  }
}

export class UnknownScenarioError extends Error {}

function matches(selector: string, name: string): boolean {
  return selector.endsWith('*') ? name.startsWith(selector.slice(0, -1)) : selector === name;
}
