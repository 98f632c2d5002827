import { KAFKA_TOPICS } from '@commlab/contracts';

import { envelopeBase, INVENTORY_EVENTS_DESTINATION } from './inventory-event';

describe('inventory events', () => {
  it('go to the inventory Kafka topic', () => {
    expect(INVENTORY_EVENTS_DESTINATION).toEqual({ transport: 'kafka', topic: KAFKA_TOPICS.inventory });
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
