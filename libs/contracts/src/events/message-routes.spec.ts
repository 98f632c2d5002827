import { KAFKA_TOPICS } from '../names/kafka';
import { RABBITMQ_QUEUES } from '../names/rabbitmq';
import { MESSAGE_TYPES } from './message-registry';
import { MESSAGE_ROUTES, routesOf } from './message-routes';

describe('MESSAGE_ROUTES', () => {
  it('routes every message type somewhere', () => {
    for (const type of MESSAGE_TYPES) expect(routesOf(type).length).toBeGreaterThan(0);
    expect(Object.keys(MESSAGE_ROUTES).sort()).toEqual([...MESSAGE_TYPES].sort());
  });

  it('sends order events to Kafka and the events exchange, commands and jobs to one queue', () => {
    expect(routesOf('commlab.order.placed.v1')).toEqual([
      { transport: 'kafka', topic: KAFKA_TOPICS.orders },
      { transport: 'rabbitmq', exchange: 'commlab.events', routingKey: 'order.placed' },
    ]);
    expect(routesOf('commlab.inventory.reserve-stock.v1')).toEqual([
      { transport: 'rabbitmq-queue', queue: RABBITMQ_QUEUES.inventoryCommands },
    ]);
  });

  it('knows no route for an unknown type', () => {
    expect(routesOf('commlab.unknown.v1')).toEqual([]);
    expect(routesOf('toString')).toEqual([]);
  });
});
