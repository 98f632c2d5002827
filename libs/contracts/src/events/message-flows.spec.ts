import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { KAFKA_TOPICS } from '../names/kafka';
import { SERVICE_NAMES } from '../names/ports';
import { RABBITMQ_QUEUES, RABBITMQ_SUBSCRIPTIONS } from '../names/rabbitmq';
import { MESSAGE_CONSUMERS, MESSAGE_PRODUCERS, topicPatternMatches, typesArrivingAt } from './message-flows';
import { MESSAGE_TYPES } from './message-registry';
import { ORDER_PLACED_V1 } from './order-placed/order-placed.v1';
import { RESERVE_STOCK_V1 } from './reserve-stock/reserve-stock.v1';
import { STOCK_RELEASED_V1 } from './stock-released/stock-released.v1';

describe('topicPatternMatches', () => {
  it.each([
    ['order.*', 'order.placed', true],
    ['order.*', 'order.placed.late', false],
    ['order.*', 'stock.reserved', false],
    ['#', 'order.placed', true],
    ['order.#', 'order', true],
    ['order.#', 'order.placed.late', true],
    ['*.placed', 'order.placed', true],
    ['order.placed', 'order.placed', true],
    ['order.placed', 'order.confirmed', false],
  ])('%s vs %s → %s', (pattern, key, expected) => {
    expect(topicPatternMatches(pattern, key)).toBe(expected);
  });
});

describe('typesArrivingAt', () => {
  it('follows the routing table for topics, work queues and subscriber queues', () => {
    expect(typesArrivingAt({ transport: 'kafka', topic: KAFKA_TOPICS.inventory, group: 'g' })).toContain(
      STOCK_RELEASED_V1,
    );
    expect(
      typesArrivingAt({ transport: 'rabbitmq-queue', queue: RABBITMQ_QUEUES.inventoryCommands }),
    ).toEqual([RESERVE_STOCK_V1]);
    const subscriber = RABBITMQ_SUBSCRIPTIONS.notificationOrderEvents.queue;
    expect(typesArrivingAt({ transport: 'rabbitmq-queue', queue: subscriber })).toContain(ORDER_PLACED_V1);
  });

  it('is empty for a queue nothing is routed to', () => {
    expect(typesArrivingAt({ transport: 'rabbitmq-queue', queue: 'nobody.home' })).toEqual([]);
  });
});

describe('MESSAGE_CONSUMERS', () => {
  it.each(MESSAGE_CONSUMERS.map((consumer) => [consumer.service, consumer]))(
    '%s handles only types routed to where it reads',
    (_service, consumer) => {
      const arriving = typesArrivingAt(consumer.source);
      expect(consumer.handles.length).toBeGreaterThan(0);
      for (const type of consumer.handles) expect(arriving).toContain(type);
    },
  );

  it('every message type has a producer and at least one consumer', () => {
    const consumed = new Set(MESSAGE_CONSUMERS.flatMap((consumer) => consumer.handles));
    for (const type of MESSAGE_TYPES) {
      expect(MESSAGE_PRODUCERS[type]).toBeDefined();
      expect([type, consumed.has(type)]).toEqual([type, true]);
    }
  });
});

/**
 * The consumers the services actually have: every `@EventPattern` in a `*.kafka.controller.ts` (its
 * topic) or `*.rmq.controller.ts` (the work or subscriber queue it names) under apps/<service>/src.
 * Request-reply handlers (`@MessagePattern`) and the dead-letter controller (no named queue) are not
 * envelope consumers and are not matched.
 */
function consumersInApps(): string[] {
  const appsDir = join(__dirname, '..', '..', '..', '..', 'apps');
  const found = new Set<string>();
  for (const service of SERVICE_NAMES) {
    const srcDir = join(appsDir, service, 'src');
    const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter((file) =>
      /\.(kafka|rmq)\.controller\.ts$/.test(file),
    );
    for (const file of files) {
      const source = readFileSync(join(srcDir, file), 'utf8');
      if (!source.includes('@EventPattern(')) continue;
      for (const [, key] of source.matchAll(/@EventPattern\(KAFKA_TOPICS\.(\w+)[,)]/g)) {
        found.add(`${service} kafka ${KAFKA_TOPICS[key as keyof typeof KAFKA_TOPICS]}`);
      }
      for (const [, key] of source.matchAll(/RABBITMQ_QUEUES\.(\w+)/g)) {
        found.add(`${service} rabbitmq-queue ${RABBITMQ_QUEUES[key as keyof typeof RABBITMQ_QUEUES]}`);
      }
      for (const [, key] of source.matchAll(/RABBITMQ_SUBSCRIPTIONS\.(\w+)\.queue/g)) {
        const subscription = RABBITMQ_SUBSCRIPTIONS[key as keyof typeof RABBITMQ_SUBSCRIPTIONS];
        found.add(`${service} rabbitmq-queue ${subscription.queue}`);
      }
    }
  }
  return [...found].sort();
}

describe('MESSAGE_CONSUMERS against the services', () => {
  it('lists exactly the event consumers the controllers in apps/*/src have', () => {
    const table = MESSAGE_CONSUMERS.map(({ service, source }) =>
      source.transport === 'kafka'
        ? `${service} kafka ${source.topic}`
        : `${service} rabbitmq-queue ${source.queue}`,
    ).sort();
    const inApps = consumersInApps();
    expect(inApps.length).toBeGreaterThan(0);
    expect(table).toEqual(inApps);
  });
});
