import { KAFKA_TOPICS } from '../names/kafka';
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
