import { CHAOS_SCENARIOS } from './chaos-args';
import { SCENARIOS } from './chaos-scenarios';

describe('the table of chaos scenarios', () => {
  it('has one row per scenario name, in the order they run', () => {
    expect(SCENARIOS.map((scenario) => scenario.name)).toEqual([...CHAOS_SCENARIOS]);
  });

  it('describes each fault as the report prints it', () => {
    expect(Object.fromEntries(SCENARIOS.map((scenario) => [scenario.name, scenario.fault]))).toEqual({
      'kill-notification':
        'kill -9 of notification-service while it drains a backlog (order events and notification jobs on RabbitMQ); the supervisor restarts it',
      'kill-reporting':
        'kill -9 of reporting-service while it drains a backlog (order and inventory events on Kafka); the supervisor restarts it',
      'kill-inventory':
        'kill -9 of inventory-service while it drains a backlog (ReserveStock commands on RabbitMQ, OrderAccepted events on Kafka); the supervisor restarts it',
      'kill-order':
        'kill -9 of order-service while it consumes the inventory replies (Kafka) of a backlog of async orders',
      'kill-kafka-lite':
        'kill -9 of kafka-lite mid-stream, started again 3 s later on the same port and data directory',
      'rabbitmq-cut':
        "every RabbitMQ connection of the stack's vhost closed by the broker (rabbitmqctl close_connection), twice",
      'pg-terminate':
        "pg_terminate_backend on every backend of the stack's database, 5 times 1 s apart, during orders",
      'redis-stop': "the stack's redis-server stopped for 8 s during orders, then started again (empty)",
      'inventory-pause':
        "inventory-service frozen (SIGSTOP) for 10 s, past order-service's 2 s downstream deadline, during orders",
      'saga-kafka-down':
        'kafka-lite kill -9 mid-stream and kept down 12 s (OrderAccepted and StockReserved wait in the outboxes); meanwhile a third of the PENDING async orders are cancelled and a third have their deadline brought forward (expired); then started again',
      'saga-kill-inventory':
        'kill -9 of inventory-service between two saga steps: stock reserved for async orders whose StockReserved has not completed them yet (a backlog of ReserveStock commands and OrderAccepted events, draining)',
      'saga-kill-order':
        'kill -9 of order-service while it accepts async orders (committed ones whose ReserveStock command or OrderAccepted is still in its outbox); the supervisor restarts it, then the rest of the orders',
      'saga-cancel-race':
        'every other accepted order cancelled 0–300 ms after its answer, racing its saga; meanwhile inventory-service frozen (SIGSTOP) while 40 % of the orders are placed (their commands, events and cancellations queue up together), let go and killed -9 as it drains them (redelivered)',
    });
  });
});
