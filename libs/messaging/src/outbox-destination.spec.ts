import { assertOutboxDestination, describeDestination } from './outbox-destination';

describe('outbox destinations', () => {
  it('accepts the three shapes', () => {
    expect(() => {
      assertOutboxDestination({ transport: 'kafka', topic: 'orders' });
      assertOutboxDestination({
        transport: 'rabbitmq',
        exchange: 'commlab.events',
        routingKey: 'order.placed',
      });
      assertOutboxDestination({ transport: 'rabbitmq-queue', queue: 'reserve-stock' });
    }).not.toThrow();
  });

  it('refuses anything else', () => {
    for (const bad of [
      null,
      {},
      { transport: 'kafka' },
      { transport: 'kafka', topic: ' ' },
      { transport: 'smtp' },
    ]) {
      expect(() => {
        assertOutboxDestination(bad);
      }).toThrow(TypeError);
    }
  });

  it('describes destinations for logs', () => {
    expect(describeDestination({ transport: 'rabbitmq', exchange: 'x', routingKey: 'k' })).toBe(
      'rabbitmq:x/k',
    );
  });
});
