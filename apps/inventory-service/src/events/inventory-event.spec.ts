import {
  KAFKA_TOPICS,
  routesOf,
  STOCK_REJECTED_V1,
  STOCK_RELEASED_V1,
  STOCK_RESERVED_V1,
} from '@commlab/contracts';

import { envelopeBase } from './inventory-event';

describe('inventory events', () => {
  it('go to the inventory Kafka topic', () => {
    for (const type of [STOCK_RESERVED_V1, STOCK_REJECTED_V1, STOCK_RELEASED_V1]) {
      expect(routesOf(type)).toEqual([{ transport: 'kafka', topic: KAFKA_TOPICS.inventory }]);
    }
  });

  it('share source, subject and time, and carry only the ids they were given', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    expect(envelopeBase('res-1', {}, at)).toEqual({
      source: '/commlab/inventory-service',
      subject: 'res-1',
      time: at,
    });
    expect(envelopeBase('res-1', { correlationId: 'c', causationId: 'm' }, at)).toEqual({
      source: '/commlab/inventory-service',
      subject: 'res-1',
      time: at,
      correlationId: 'c',
      causationId: 'm',
    });
  });
});
