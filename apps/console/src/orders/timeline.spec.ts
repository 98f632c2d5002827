import type { PlaceOrderRequest } from '../common/api';
import type { FeedLine } from '../common/feed';
import { buildTimeline, FEED_GRACE_MS, type PlacementFacts } from './timeline';

const T0 = Date.parse('2026-01-01T12:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const REQUEST: PlaceOrderRequest = {
  transport: 'grpc',
  auth: 'grpc',
  mode: 'sync',
  saga: 'orchestration',
  sku: 'mug-red',
  quantity: 1,
  user: 'alice',
  callback: true,
};

function facts(overrides: Partial<PlacementFacts>): PlacementFacts {
  return {
    id: 'p1',
    request: REQUEST,
    sentAt: T0,
    correlationId: 'c1',
    callbackRequested: false,
    lines: [],
    callbacks: [],
    ...overrides,
  };
}

function line(
  service: string,
  event: string,
  ms: number,
  fields: Record<string, string | number | boolean | null> = {},
): FeedLine {
  return { ...fields, service, event, at: at(ms) };
}

describe('buildTimeline', () => {
  it('is sending until order-service answers', () => {
    const view = buildTimeline(facts({}));
    expect(view).toMatchObject({ outcome: 'sending', complete: false, summary: 'sending…', orderId: null });
    expect(view.entries.map((entry) => entry.title)).toEqual(['POST /orders']);
  });

  it('puts a sync order in time order: the calls, the stock, the answer', () => {
    const view = buildTimeline(
      facts({
        response: { status: 201, at: T0 + 40, body: { id: 'o1', status: 'CONFIRMED' } },
        lines: [
          line('order-service', 'order.placed', 38, { orderId: 'o1' }),
          line('order-service', 'call.completed', 30, {
            to: 'inventory-service',
            operation: 'ReserveStock',
            transport: 'grpc',
            ms: 12.5,
            ok: true,
          }),
          line('inventory-service', 'stock.reserved', 28, { orderId: 'o1' }),
          line('order-service', 'call.completed', 10, {
            to: 'auth-service',
            operation: 'VerifyToken',
            transport: 'grpc',
            ms: 4,
            ok: true,
          }),
        ],
      }),
    );
    expect(view).toMatchObject({
      outcome: 'confirmed',
      complete: true,
      orderId: 'o1',
      httpStatus: 201,
      summary: '201 CONFIRMED in 40 ms',
    });
    expect(view.entries.map(({ offsetMs, actor, title }) => [offsetMs, actor, title])).toEqual([
      [0, 'console', 'POST /orders'],
      [10, 'order-service', 'VerifyToken → auth-service'],
      [28, 'inventory-service', 'stock reserved'],
      [30, 'order-service', 'ReserveStock → inventory-service'],
      [38, 'order-service', 'order stored CONFIRMED; OrderPlaced + notification job → outbox'],
      [40, 'order-service', 'answered 201 Created (CONFIRMED)'],
    ]);
    expect(view.entries[3]).toMatchObject({ transport: 'grpc', ms: 12.5, status: 'ok' });
  });

  it('shows a refused order as failed and complete, with the code and message', () => {
    const view = buildTimeline(
      facts({
        response: {
          status: 503,
          at: T0 + 15,
          body: { code: 'INVENTORY_UNAVAILABLE', message: 'inventory does not answer' },
        },
        lines: [
          line('order-service', 'call.completed', 14, {
            to: 'inventory-service',
            operation: 'ReserveStock',
            transport: 'grpc',
            ms: 3,
            ok: false,
            code: 'INVENTORY_UNAVAILABLE',
          }),
        ],
      }),
    );
    expect(view).toMatchObject({
      outcome: 'failed',
      complete: true,
      summary: '503 INVENTORY_UNAVAILABLE in 15 ms',
    });
    expect(view.entries.at(-1)).toMatchObject({
      title: 'answered 503 INVENTORY_UNAVAILABLE',
      detail: 'inventory does not answer',
      status: 'failed',
    });
    expect(view.entries[1]).toMatchObject({ status: 'failed', detail: 'INVENTORY_UNAVAILABLE' });
  });

  it('says what an async order waits for, then completes it when the callback arrived', () => {
    const async = { ...REQUEST, mode: 'async' as const };
    const pending = facts({
      request: async,
      callbackRequested: true,
      response: { status: 202, at: T0 + 20, body: { id: 'o2', status: 'PENDING' } },
      order: { status: 'PENDING', rejection: null },
      waiting: { at: T0 + 3_000, queue: 'inventory.commands', ready: 1, consumers: 0 },
    });
    const waiting = buildTimeline(pending);
    expect(waiting).toMatchObject({
      outcome: 'pending',
      complete: false,
      summary: '202 in 20 ms → PENDING: the command waits in inventory.commands',
    });
    expect(waiting.entries.at(-1)).toMatchObject({
      status: 'waiting',
      title: 'waiting: the ReserveStock command is in inventory.commands (1 ready, 0 consumers)',
      detail: 'inventory is not consuming; the message waits until it is back',
    });

    const confirmed = {
      ...pending,
      order: { status: 'CONFIRMED', rejection: null },
      lines: [line('order-service', 'order.confirmed', 900, { orderId: 'o2' })],
    };
    expect(buildTimeline(confirmed)).toMatchObject({ outcome: 'confirmed', complete: false });
    const done = buildTimeline({ ...confirmed, callbacks: [{ at: T0 + 950, orderId: 'o2', valid: true }] });
    expect(done).toMatchObject({
      outcome: 'confirmed',
      complete: true,
      summary: '202 in 20 ms → CONFIRMED at +900 ms',
    });
    expect(done.entries.at(-1)).toMatchObject({
      actor: 'console',
      title: 'callback received, signature valid',
    });
    expect(done.entries.some((entry) => entry.status === 'waiting')).toBe(false);
  });

  it('follows a choreographed order: OrderAccepted, not a command, and its wait is the group lag on orders', () => {
    const choreographed = { ...REQUEST, mode: 'async' as const, saga: 'choreography' as const };
    const pending = facts({
      request: choreographed,
      response: { status: 202, at: T0 + 20, body: { id: 'o5', status: 'PENDING' } },
      order: { status: 'PENDING', rejection: null },
      lines: [line('order-service', 'order.accepted', 10, { orderId: 'o5', saga: 'choreography' })],
      waiting: { at: T0 + 3_000, group: 'inventory-order-events', topic: 'orders', lag: 1, members: 0 },
    });
    const waiting = buildTimeline(pending);
    expect(waiting.summary).toBe('202 in 20 ms → PENDING: OrderAccepted waits on Kafka orders');
    expect(waiting.entries.map((entry) => entry.title)).toEqual([
      'POST /orders?saga=choreography with Prefer: respond-async',
      'order stored PENDING; OrderAccepted → outbox (no command: inventory reacts to the event)',
      'answered 202 Accepted (PENDING)',
      'waiting: OrderAccepted is on orders, not yet read by group inventory-order-events (lag 1, 0 members in the group)',
    ]);
    expect(waiting.entries[0]?.detail).toBe(
      '1 × mug-red, choreographed saga: OrderAccepted on Kafka, inventory reacts, token via grpc',
    );
    expect(waiting.entries.at(-1)).toMatchObject({
      actor: 'kafka',
      status: 'waiting',
      detail: 'inventory is not consuming; the event stays on the topic until it is back',
    });

    const reserved = buildTimeline({
      ...pending,
      order: { status: 'CONFIRMED', rejection: null },
      lines: [
        ...pending.lines,
        line('inventory-service', 'stock.reserved', 300, { orderId: 'o5', reservationId: 'o5' }),
        line('order-service', 'order.confirmed', 400, { orderId: 'o5' }),
      ],
    });
    expect(reserved.outcome).toBe('confirmed');
    expect(reserved.entries.find((entry) => entry.actor === 'inventory-service')).toMatchObject({
      title: 'OrderAccepted consumed (group inventory-order-events): stock reserved, StockReserved → outbox',
      transport: 'Kafka orders',
    });
    expect(reserved.entries.some((entry) => entry.status === 'waiting')).toBe(false);
  });

  it('takes the callback attempts from the order (with durations) over the feed lines', () => {
    const view = buildTimeline(
      facts({
        request: { ...REQUEST, mode: 'async' },
        callbackRequested: true,
        response: { status: 202, at: T0 + 20, body: { id: 'o3' } },
        order: {
          status: 'CONFIRMED',
          rejection: null,
          callback: {
            status: 'DELIVERED',
            attempts: [{ attempt: 1, at: at(500), durationMs: 9, outcome: 'delivered', statusCode: 200 }],
          },
        },
        lines: [
          line('order-service', 'webhook.attempt', 509, { orderId: 'o3', attempt: 1, outcome: 'delivered' }),
        ],
        // Seen CONFIRMED by reading the order; its order.confirmed line never arrived (Redis down).
        finalAt: T0 + 600,
      }),
      T0 + 600 + FEED_GRACE_MS,
    );
    expect(view.complete).toBe(true);
    expect(view.entries.filter((entry) => entry.title.startsWith('webhook attempt'))).toEqual([
      expect.objectContaining({ title: 'webhook attempt 1: delivered (200)', ms: 9, offsetMs: 500 }),
    ]);
  });

  it('waits for the line that closes a sync order, or a short grace without it (the feed arrives on its own path)', () => {
    const answered = facts({ response: { status: 201, at: T0 + 40, body: { id: 'o4' } } });
    expect(buildTimeline(answered, T0 + 100)).toMatchObject({ outcome: 'confirmed', complete: false });
    expect(buildTimeline(answered, T0 + 40 + FEED_GRACE_MS)).toMatchObject({ complete: true });
    const withLine = { ...answered, lines: [line('order-service', 'order.placed', 35, { orderId: 'o4' })] };
    expect(buildTimeline(withLine, T0 + 100)).toMatchObject({ complete: true });
  });

  it('reports order-service not answering at all', () => {
    const view = buildTimeline(
      facts({ error: { at: T0 + 5, message: 'order-service does not answer (ECONNREFUSED)' } }),
      T0 + 5 + FEED_GRACE_MS,
    );
    expect(view).toMatchObject({
      outcome: 'failed',
      complete: true,
      summary: 'no answer: order-service does not answer (ECONNREFUSED)',
    });
  });
});
