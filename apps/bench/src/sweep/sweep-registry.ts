import { builtinRegistry, HARNESS_SCENARIO } from '../scenarios/builtin-scenarios';
import { ScenarioRegistry } from '../scenarios/scenario-registry';
import { orderSync, ORDER_SYNC_OTHER_TRANSPORTS } from '../scenarios/service/order-sync.scenario';

/**
 * What a sweep can run, in the order it runs them: every built-in scenario but the harness's no-op, and
 * right after `e2e.order.sync` (gRPC) the sync order over the other reserve transports — swept by
 * default, but not rows of every `pnpm bench`.
 */
export function sweepRegistry(): ScenarioRegistry {
  return new ScenarioRegistry(
    builtinRegistry()
      .list()
      .filter((s) => s !== HARNESS_SCENARIO)
      .flatMap((s) => (s === orderSync ? [s, ...ORDER_SYNC_OTHER_TRANSPORTS] : [s])),
  );
}
