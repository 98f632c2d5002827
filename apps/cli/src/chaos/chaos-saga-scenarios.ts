/**
 * The saga scenarios of `pnpm chaos`: faults aimed at an async order between two of its saga's steps — a
 * broker down while orders wait for it, a process killed between a step and the next, cancellations and
 * expiries racing the confirmation — each reconciled like the others (every order final, its stock held
 * exactly while it is CONFIRMED, 0 lost, 0 doubled, 0 leaked).
 */
import type { SentOrder } from './chaos-accounting';
import {
  asyncBacklogFor,
  backlog,
  type ChaosScenario,
  type ScenarioContext,
  sleep,
  until,
} from './chaos-scenario-kit';

/** How long `saga-kafka-down` keeps kafka-lite down. */
const KAFKA_DOWN_MS = 12_000;
/** order-service's expiry job looks every ORDER_EXPIRY_INTERVAL_MS (5 s): a deadline brought forward is met by then. */
const EXPIRY_ROUND_MS = 6_000;

/** The async orders the load has had accepted so far that are still PENDING. */
async function pendingAsync({ stack, load }: ScenarioContext): Promise<SentOrder[]> {
  const accepted = load.sent.filter((order) => order.mode === 'async' && order.id !== undefined);
  const statuses = await stack.orderStatuses(accepted.map((order) => order.id ?? ''));
  return accepted.filter((order) => statuses.get(order.id ?? '') === 'PENDING');
}

/** Polls `count` until it reaches `atLeast` or `timeoutMs` passes; returns the last value. */
async function waitFor(count: () => Promise<number>, atLeast: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let value = await count();
  while (value < atLeast && Date.now() < deadline) {
    await sleep(50);
    value = await count();
  }
  return value;
}

const sagaKafkaDown: ChaosScenario = {
  name: 'saga-kafka-down',
  fault:
    'kafka-lite kill -9 mid-stream and kept down 12 s (OrderAccepted and StockReserved wait in the outboxes); meanwhile a third of the PENDING async orders are cancelled and a third have their deadline brought forward (expired); then started again',
  async run(ctx) {
    const { stack, load, orders, faultNow, progress } = ctx;
    const running = load.run(orders);
    await until(load, Math.floor(orders * 0.3));
    faultNow();
    const downSince = Date.now();
    await stack.killKafka();
    const inFlight = await backlog(ctx);
    progress(`kafka-lite: kill -9 (${inFlight})`);
    await until(load, Math.floor(orders * 0.6));
    const pending = await pendingAsync(ctx);
    const toCancel = pending.filter((_, i) => i % 3 === 0);
    const toExpire = pending.filter((_, i) => i % 3 === 1).map((order) => order.id ?? '');
    const [expired] = await Promise.all([stack.expireNow(toExpire), load.cancelAll(toCancel)]);
    const cancelled = toCancel.filter((order) => order.cancelStatus === 200).length;
    progress(
      `kafka-lite down: ${String(pending.length)} async orders PENDING, ${String(cancelled)} cancelled, ${String(expired)} deadlines brought forward`,
    );
    await sleep(Math.max(KAFKA_DOWN_MS - (Date.now() - downSince), EXPIRY_ROUND_MS));
    await stack.startKafka();
    progress('kafka-lite: started again');
    await running;
    return `${inFlight}; while down ${String(cancelled)} cancelled, ${String(expired)} deadlines brought forward`;
  },
};

const sagaKillInventory: ChaosScenario = {
  name: 'saga-kill-inventory',
  fault:
    'kill -9 of inventory-service between two saga steps: stock reserved for async orders whose StockReserved has not completed them yet (a backlog of ReserveStock commands and OrderAccepted events, draining)',
  async run(ctx) {
    const { stack, orders, faultNow, progress } = ctx;
    await asyncBacklogFor(ctx, 'inventory-service');
    progress(`inventory-service: ${String(orders)} async orders sent while it was paused, let go`);
    // Killed once it has reserved a few orders' stock that order-service has not confirmed yet.
    const between = await waitFor(() => stack.reservedNotConfirmed(), Math.max(2, orders / 50), 20_000);
    faultNow();
    await stack.killService('inventory-service');
    const inFlight = `${String(between)} reserved, not yet confirmed; ${await backlog(ctx)}`;
    progress(`inventory-service: kill -9 (${inFlight})`);
    return inFlight;
  },
};

const sagaKillOrder: ChaosScenario = {
  name: 'saga-kill-order',
  fault:
    'kill -9 of order-service while it accepts async orders (committed ones whose ReserveStock command or OrderAccepted is still in its outbox); the supervisor restarts it, then the rest of the orders',
  async run(ctx) {
    const { stack, load, orders, faultNow, progress } = ctx;
    const firstHalf = load.run(Math.floor(orders / 2), { syncEvery: 0 });
    await until(load, Math.floor(orders * 0.4));
    faultNow();
    await stack.killService('order-service');
    // Measured after the kill: orders committed whose next saga step never left the process.
    const inFlight = `${String(await stack.orderOutboxUnsent())} outbox rows unsent; ${await backlog(ctx)}`;
    progress(`order-service: kill -9 (${inFlight})`);
    await firstHalf;
    await stack.waitAllRunning(120_000);
    progress('order-service: running again');
    await load.run(orders, { syncEvery: 0 });
    return inFlight;
  },
};

const sagaCancelRace: ChaosScenario = {
  name: 'saga-cancel-race',
  fault:
    'every other accepted order cancelled 0–300 ms after its answer, racing its saga; meanwhile inventory-service frozen (SIGSTOP) while 40 % of the orders are placed (their commands, events and cancellations queue up together), let go and killed -9 as it drains them (redelivered)',
  async run(ctx) {
    const { stack, load, orders, faultNow, progress } = ctx;
    const running = load.run(orders, { cancelEvery: 2, cancelWithinMs: 300 });
    await until(load, Math.floor(orders * 0.3));
    faultNow();
    await stack.control('inventory-service', 'pause');
    const inFlight = await backlog(ctx);
    progress(`inventory-service: paused (${inFlight})`);
    await until(load, Math.floor(orders * 0.7));
    await stack.control('inventory-service', 'resume');
    await sleep(300);
    await stack.killService('inventory-service');
    progress('inventory-service: let go, then kill -9 while it drains');
    await running;
    return inFlight;
  },
};

/** The saga scenarios, in the order they run (the end of CHAOS_SCENARIOS). */
export const SAGA_SCENARIOS: readonly ChaosScenario[] = [
  sagaKafkaDown,
  sagaKillInventory,
  sagaKillOrder,
  sagaCancelRace,
];
