/** The fault scenarios of `pnpm chaos`, in the order they run. */
export const CHAOS_SCENARIOS = [
  'kill-notification',
  'kill-reporting',
  'kill-inventory',
  'kill-order',
  'kill-kafka-lite',
  'rabbitmq-cut',
  'pg-terminate',
  'redis-stop',
  'inventory-pause',
  'saga-kafka-down',
  'saga-kill-inventory',
  'saga-kill-order',
  'saga-cancel-race',
] as const;
export type ChaosScenarioName = (typeof CHAOS_SCENARIOS)[number];

/** How the load's async orders run their saga: one style, or alternating (`mixed`). */
export const CHAOS_SAGAS = ['mixed', 'orchestration', 'choreography'] as const;
export type ChaosSaga = (typeof CHAOS_SAGAS)[number];

export const CHAOS_USAGE = `usage: pnpm chaos [--scenario NAME]… [--orders N] [--saga mixed|orchestration|choreography]

Starts a stack of its own (own ports, RabbitMQ vhost, PostgreSQL database, redis-server, kafka-lite
process), then for each scenario drives orders (sync and async; the saga-* scenarios also cancel
some and let some expire) through order-service, injects the fault mid-stream, lets the stack recover
and reconciles from the sources of truth. Prints, per scenario, what was sent, where it ended, lost and
duplicated effects, and leaked stock (held for an order that must hold none). Exit 1 if any.

  --scenario NAME   run only this scenario (repeatable); default: all of them:
                    ${CHAOS_SCENARIOS.join(', ')}
  --orders N        orders per scenario (default 600: ≥ 1,000 messages in flight for the kill -9
                    scenarios); 10 to 20000
  --saga STYLE      how the async orders run their saga: orchestration (POST /orders?saga=orchestration,
                    a ReserveStock command on RabbitMQ), choreography (?saga=choreography, OrderAccepted
                    on Kafka), or mixed (default: SKU by SKU, a round of each)
It never attaches to a running stack: its faults (kill -9, pg_terminate_backend, closing RabbitMQ
connections, stopping Redis) need processes, a vhost and a database that belong to it alone.
When a scenario fails, the stack's data directory (service logs, pnpm start's output) is kept and
its path printed.`;

export class ChaosUsageError extends Error {}

export type ChaosArgs =
  { kind: 'help' } | { kind: 'run'; scenarios: ChaosScenarioName[]; orders: number; saga: ChaosSaga };

export const DEFAULT_CHAOS_ORDERS = 600;

export function parseChaosArgs(argv: readonly string[]): ChaosArgs {
  const scenarios: ChaosScenarioName[] = [];
  let orders = DEFAULT_CHAOS_ORDERS;
  let saga: ChaosSaga = 'mixed';
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') return { kind: 'help' };
    const value = argv[i + 1];
    if (flag === '--scenario') {
      if (value === undefined) throw new ChaosUsageError('--scenario needs a name');
      if (!(CHAOS_SCENARIOS as readonly string[]).includes(value))
        throw new ChaosUsageError(
          `unknown scenario ${JSON.stringify(value)} (one of ${CHAOS_SCENARIOS.join(', ')})`,
        );
      if (!scenarios.includes(value as ChaosScenarioName)) scenarios.push(value as ChaosScenarioName);
      i++;
    } else if (flag === '--orders') {
      if (value === undefined || !/^\d+$/.test(value))
        throw new ChaosUsageError('--orders needs a whole number');
      orders = Number(value);
      if (orders < 10 || orders > 20_000)
        throw new ChaosUsageError(`--orders must be 10 to 20000, got ${value}`);
      i++;
    } else if (flag === '--saga') {
      if (value === undefined || !(CHAOS_SAGAS as readonly string[]).includes(value))
        throw new ChaosUsageError(`--saga must be one of ${CHAOS_SAGAS.join(', ')}`);
      saga = value as ChaosSaga;
      i++;
    } else {
      throw new ChaosUsageError(`unexpected argument ${JSON.stringify(flag)}`);
    }
  }
  // Run in the documented order whatever order the flags came in.
  const chosen =
    scenarios.length === 0 ? [...CHAOS_SCENARIOS] : CHAOS_SCENARIOS.filter((s) => scenarios.includes(s));
  return { kind: 'run', scenarios: chosen, orders, saga };
}
