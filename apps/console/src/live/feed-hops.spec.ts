import type { FeedLine } from '../common/feed';
import { FeedInterpreter } from './feed-hops';

const T0 = Date.parse('2026-01-01T12:00:00.000Z');

function line(
  service: string,
  event: string,
  offsetMs: number,
  fields: Record<string, string | number | boolean | null> = {},
): FeedLine {
  return { ...fields, service, event, at: new Date(T0 + offsetMs).toISOString() };
}

/** The hops of a line without the live-feed hop every line has. */
function hops(interpreter: FeedInterpreter, feedLine: FeedLine) {
  return interpreter.hopsOf(feedLine).filter((hop) => hop.to !== 'redis');
}

describe('FeedInterpreter', () => {
  it('turns a sync call into one hop with its duration, through the broker for rmq and kafka', () => {
    const feed = new FeedInterpreter(() => T0);
    expect(
      hops(
        feed,
        line('order-service', 'call.completed', 0, {
          to: 'inventory-service',
          transport: 'grpc',
          ms: 3.5,
          ok: true,
        }),
      ),
    ).toEqual([{ from: 'order-service', to: 'inventory-service', transport: 'gRPC', ms: 3.5, ok: true }]);
    expect(
      hops(
        feed,
        line('order-service', 'call.completed', 0, {
          to: 'inventory-service',
          transport: 'rmq',
          ms: 9,
          ok: false,
        }),
      ),
    ).toEqual([
      {
        from: 'order-service',
        to: 'inventory-service',
        via: 'rabbitmq',
        transport: 'RabbitMQ RPC',
        ms: 9,
        ok: false,
      },
    ]);
    expect(
      hops(
        feed,
        line('order-service', 'call.completed', 0, {
          to: 'inventory-service',
          transport: 'kafka',
          ms: 40,
          ok: true,
        }),
      ),
    ).toMatchObject([{ via: 'kafka', transport: 'Kafka request-reply' }]);
  });

  it('draws nothing for a token verified locally (JWKS): no call crossed the network', () => {
    const feed = new FeedInterpreter(() => T0);
    expect(
      hops(
        feed,
        line('order-service', 'call.completed', 0, {
          to: 'auth-service',
          transport: 'jwks',
          local: true,
          ms: 0.4,
          ok: true,
        }),
      ),
    ).toEqual([]);
  });

  it("draws a choreographed order's reservation over Kafka (OrderAccepted on orders), not RabbitMQ", () => {
    const feed = new FeedInterpreter(() => T0);
    const id = 'order-c';
    hops(
      feed,
      line('order-service', 'order.accepted', 0, { orderId: id, mode: 'async', saga: 'choreography' }),
    );
    expect(
      hops(feed, line('inventory-service', 'stock.reserved', 120, { orderId: id, reservationId: id })),
    ).toEqual([
      {
        from: 'order-service',
        to: 'inventory-service',
        via: 'kafka',
        transport: 'Kafka event OrderAccepted (orders, group inventory-order-events)',
        ms: 120,
        ok: true,
      },
    ]);
    // An orchestrated one beside it keeps the RabbitMQ command.
    hops(feed, line('order-service', 'order.accepted', 10, { orderId: 'order-o', saga: 'orchestration' }));
    expect(
      hops(feed, line('inventory-service', 'stock.reserved', 130, { orderId: 'order-o' }))[0],
    ).toMatchObject({ via: 'rabbitmq', transport: 'RabbitMQ command (inventory.commands)' });
  });

  it('times the async order hop by hop: command over RabbitMQ, answer over Kafka, fan-out to notification and reporting', () => {
    const feed = new FeedInterpreter(() => T0);
    const id = 'order-1';
    expect(hops(feed, line('order-service', 'order.accepted', 0, { orderId: id, mode: 'async' }))).toEqual([
      { from: 'client', to: 'order-service', transport: 'HTTP', ok: true },
    ]);
    expect(
      hops(feed, line('inventory-service', 'stock.reserved', 150, { orderId: id, reservationId: id })),
    ).toEqual([
      {
        from: 'order-service',
        to: 'inventory-service',
        via: 'rabbitmq',
        transport: 'RabbitMQ command (inventory.commands)',
        ms: 150,
        ok: true,
      },
    ]);
    expect(hops(feed, line('order-service', 'order.confirmed', 180, { orderId: id, mode: 'async' }))).toEqual(
      [
        {
          from: 'inventory-service',
          to: 'order-service',
          via: 'kafka',
          transport: 'Kafka event (inventory)',
          ms: 30,
          ok: true,
        },
      ],
    );
    expect(
      hops(
        feed,
        line('notification-service', 'notification.stored', 230, {
          orderId: id,
          template: 'order-confirmed',
        }),
      ),
    ).toEqual([
      {
        from: 'order-service',
        to: 'notification-service',
        via: 'rabbitmq',
        transport: 'RabbitMQ work queue (notifications.send)',
        ms: 50,
        ok: true,
      },
    ]);
    expect(
      hops(
        feed,
        line('notification-service', 'notification.stored', 240, { orderId: id, template: 'order-update' }),
      ),
    ).toMatchObject([{ transport: 'RabbitMQ pub/sub (commlab.events)', ms: 60 }]);
    expect(
      hops(
        feed,
        line('reporting-service', 'projection.updated', 200, {
          type: 'commlab.stock.reserved.v1',
          subject: id,
        }),
      ),
    ).toEqual([
      {
        from: 'inventory-service',
        to: 'reporting-service',
        via: 'kafka',
        transport: 'Kafka event (inventory)',
        ms: 50,
        ok: true,
      },
    ]);
    expect(
      hops(
        feed,
        line('reporting-service', 'projection.updated', 260, {
          type: 'commlab.order.placed.v1',
          subject: id,
        }),
      ),
    ).toMatchObject([{ from: 'order-service', transport: 'Kafka event (orders)', ms: 260 }]);
    expect(
      hops(
        feed,
        line('order-service', 'webhook.attempt', 300, { orderId: id, attempt: 1, outcome: 'retry' }),
      ),
    ).toEqual([{ from: 'order-service', to: 'client', transport: 'HTTP webhook', ok: false }]);
  });

  it('leaves the stock line of a sync order to its call.completed line', () => {
    const feed = new FeedInterpreter(() => T0);
    expect(hops(feed, line('inventory-service', 'stock.reserved', 0, { orderId: 'sync-1' }))).toEqual([]);
    expect(
      hops(feed, line('order-service', 'order.placed', 5, { orderId: 'sync-1', mode: 'sync' })),
    ).toHaveLength(1);
  });

  it('has no latency for an effect whose cause it did not see, and ignores lines of unknown services', () => {
    const feed = new FeedInterpreter(() => T0);
    expect(hops(feed, line('order-service', 'order.confirmed', 0, { orderId: 'x' }))[0]).not.toHaveProperty(
      'ms',
    );
    expect(feed.hopsOf(line('billing-service', 'order.placed', 0, { orderId: 'x' }))).toEqual([]);
    expect(hops(feed, line('order-service', 'something.new', 0))).toEqual([]);
  });

  it('adds the live-feed hop to Redis for every line', () => {
    const feed = new FeedInterpreter(() => T0);
    expect(feed.hopsOf(line('auth-service', 'user.logged-in', 0, { userId: 'u' }))).toEqual([
      { from: 'client', to: 'auth-service', transport: 'HTTP', ok: true },
      { from: 'auth-service', to: 'redis', transport: 'Redis pub/sub (live feed)', ok: true },
    ]);
  });

  it('marks dead letters and redrives between RabbitMQ and notification', () => {
    const feed = new FeedInterpreter(() => T0);
    expect(
      hops(feed, line('notification-service', 'dead-letter.stored', 0, { queue: 'notifications.send' })),
    ).toEqual([
      { from: 'rabbitmq', to: 'notification-service', transport: 'RabbitMQ dead letter (.dlq)', ok: false },
    ]);
    expect(hops(feed, line('notification-service', 'dead-letter.redriven', 0))).toMatchObject([
      { from: 'notification-service', to: 'rabbitmq', transport: 'RabbitMQ redrive' },
    ]);
  });
});
