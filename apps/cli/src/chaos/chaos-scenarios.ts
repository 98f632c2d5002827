import { reconcile } from './chaos-accounting';
import type { ChaosScenarioName } from './chaos-args';
import { asyncBacklogFor, backlog, type ChaosScenario, midStream, sleep, until } from './chaos-scenario-kit';
import { SAGA_SCENARIOS } from './chaos-saga-scenarios';

export type { ChaosScenario, ScenarioContext } from './chaos-scenario-kit';

/** Pause a consumer, queue the load for it, let it run again and kill -9 it mid-drain. */
function killConsumer(name: ChaosScenarioName, service: string, what: string): ChaosScenario {
  return {
    name,
    fault: `kill -9 of ${service} while it drains a backlog (${what}); the supervisor restarts it`,
    async run(ctx) {
      const { stack, load, orders, faultNow, progress } = ctx;
      await stack.control(service, 'pause');
      await load.run(orders, { syncEvery: service === 'inventory-service' ? 0 : 5 });
      progress(`${service}: ${String(orders)} orders sent while it was paused`);
      if (service !== 'inventory-service') {
        // Every order final first: all of its messages are then waiting for the paused consumer.
        const deadline = Date.now() + 120_000;
        while (Date.now() < deadline && (await stack.truth()).orders.some((o) => o.status === 'PENDING'))
          await sleep(500);
      }
      const outstanding = async () => reconcile(load.sent, await stack.truth(false), ctx.inScope).outstanding;
      const before = await outstanding();
      await stack.control(service, 'resume');
      // Kill it mid-drain: once it has done a little of its backlog (a Kafka consumer first rejoins its group).
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && (await outstanding()) > before * 0.9) await sleep(50);
      faultNow();
      await stack.killService(service);
      // Measured right after the kill: what the dead process held comes back to the queues unacked.
      const inFlight = await backlog(ctx);
      progress(`${service}: kill -9 (${inFlight})`);
      return inFlight;
    },
  };
}

/** Every scenario, in the order they run (CHAOS_SCENARIOS). */
export const SCENARIOS: readonly ChaosScenario[] = [
  killConsumer('kill-notification', 'notification-service', 'order events and notification jobs on RabbitMQ'),
  killConsumer('kill-reporting', 'reporting-service', 'order and inventory events on Kafka'),
  killConsumer(
    'kill-inventory',
    'inventory-service',
    'ReserveStock commands on RabbitMQ, OrderAccepted events on Kafka',
  ),
  {
    name: 'kill-order',
    fault:
      'kill -9 of order-service while it consumes the inventory replies (Kafka) of a backlog of async orders',
    async run(ctx) {
      const { stack, faultNow, progress } = ctx;
      await asyncBacklogFor(ctx, 'inventory-service');
      await sleep(1_500);
      faultNow();
      await stack.killService('order-service');
      // Measured right after the kill: what the dead process held comes back to the queues unacked.
      const inFlight = await backlog(ctx);
      progress(`order-service: kill -9 (${inFlight})`);
      return inFlight;
    },
  },
  midStream(
    'kill-kafka-lite',
    'kill -9 of kafka-lite mid-stream, started again 3 s later on the same port and data directory',
    0.4,
    async ({ stack, progress }, inFlight) => {
      await stack.killKafka();
      progress(`kafka-lite: kill -9 (${inFlight})`);
      await sleep(3_000);
      await stack.startKafka();
      progress('kafka-lite: started again');
    },
  ),
  midStream(
    'rabbitmq-cut',
    "every RabbitMQ connection of the stack's vhost closed by the broker (rabbitmqctl close_connection), twice",
    0.3,
    async ({ stack, load, orders, progress }, inFlight) => {
      progress(`rabbitmq: ${String(await stack.cutRabbitMq())} connections closed (${inFlight})`);
      await until(load, Math.floor(orders * 0.6));
      progress(`rabbitmq: ${String(await stack.cutRabbitMq())} connections closed`);
    },
  ),
  midStream(
    'pg-terminate',
    "pg_terminate_backend on every backend of the stack's database, 5 times 1 s apart, during orders",
    0.3,
    async ({ stack, progress }) => {
      for (let i = 0; i < 5; i++) {
        progress(`postgres: ${String(await stack.terminateBackends())} backends terminated`);
        await sleep(1_000);
      }
    },
  ),
  midStream(
    'redis-stop',
    "the stack's redis-server stopped for 8 s during orders, then started again (empty)",
    0.3,
    async ({ stack, progress }) => {
      await stack.stopRedis();
      progress('redis: stopped');
      await sleep(8_000);
      await stack.startRedis();
      progress('redis: started again');
    },
  ),
  midStream(
    'inventory-pause',
    "inventory-service frozen (SIGSTOP) for 10 s, past order-service's 2 s downstream deadline, during orders",
    0.3,
    async ({ stack, progress }) => {
      await stack.control('inventory-service', 'pause');
      progress('inventory-service: paused');
      await sleep(10_000);
      await stack.control('inventory-service', 'resume');
      progress('inventory-service: resumed');
    },
  ),
  ...SAGA_SCENARIOS,
];
