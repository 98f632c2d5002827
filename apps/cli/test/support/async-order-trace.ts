import type { TraceView } from '@commlab/trace-store';

import { isBelow, isChildOf, spanOf, traceOfOrder, tracesOfOrder } from './order-traces';

/** A webhook POST as the receiver got it. */
export interface ReceivedCallback {
  orderId: string;
  traceparent: string | undefined;
}

/**
 * An async order is ONE trace from the 202 to the webhook POST, through both brokers and both outboxes:
 * POST /orders → create ReserveStock (order's outbox) → send inventory.commands (the relay, RabbitMQ) →
 * inventory processes it → its transaction → create StockReserved (inventory's outbox) → send inventory
 * (Kafka) → order processes it → the completion transaction → create OrderConfirmed → send orders /
 * commlab.events, the notification job (processed by notification-service: a child) and deliver webhook
 * → POST, whose traceparent header the receiver got. reporting and notification's subscriber queue are
 * fan-out subscribers: traces of their own, linked to the message's creation.
 */
export async function expectAsyncOrderTrace(
  storeUrl: string,
  orderId: string,
  callback: () => ReceivedCallback | undefined,
): Promise<TraceView> {
  const trace = await traceOfOrder(
    storeUrl,
    orderId,
    (t) =>
      t.spans.some((s) => s.name === 'POST' && s.kind === 'client') &&
      t.spans.some((s) => s.service === 'notification-service') &&
      t.spans.some((s) => s.name === 'send commlab.events:order.confirmed'),
    'the async order trace, down to the webhook POST',
  );
  const root = spanOf(trace, 'POST /orders', (s) => s.depth === 0);
  expect([root.service, root.name, root.attributes['http.response.status_code']]).toEqual([
    'order-service',
    'POST /orders',
    202,
  ]);
  const command = spanOf(
    trace,
    'ReserveStock created',
    (s) => s.name === 'create commlab.inventory.reserve-stock.v1',
  );
  expect(isBelow(trace, command, root)).toBe(true);
  const sendCommand = spanOf(
    trace,
    'the relay sends ReserveStock',
    (s) => s.name === 'send inventory.commands',
  );
  expect([
    isChildOf(sendCommand, command),
    sendCommand.kind,
    sendCommand.attributes['messaging.system'],
  ]).toEqual([true, 'producer', 'rabbitmq']);
  const inventoryProcess = spanOf(
    trace,
    'inventory processes the command',
    (s) => s.service === 'inventory-service' && s.kind === 'consumer' && isChildOf(s, sendCommand),
  );
  const stockReserved = spanOf(
    trace,
    'StockReserved created in inventory’s transaction',
    (s) => s.name === 'create commlab.stock.reserved.v1',
  );
  const inventoryTx = spanOf(
    trace,
    "inventory's transaction",
    (s) => s.spanId === stockReserved.parentSpanId,
  );
  expect([inventoryTx.name, isBelow(trace, inventoryTx, inventoryProcess)]).toEqual(['transaction', true]);
  const sendReserved = spanOf(trace, 'the relay sends StockReserved', (s) => s.name === 'send inventory');
  expect([isChildOf(sendReserved, stockReserved), sendReserved.attributes['messaging.system']]).toEqual([
    true,
    'kafka',
  ]);
  const completion = spanOf(
    trace,
    'order-service completes the order',
    (s) => s.service === 'order-service' && s.kind === 'consumer' && isChildOf(s, sendReserved),
  );
  const confirmed = spanOf(
    trace,
    'OrderConfirmed created',
    (s) => s.name === 'create commlab.order.confirmed.v1',
  );
  expect(isBelow(trace, confirmed, completion)).toBe(true);
  const job = spanOf(trace, 'the notification job', (s) => s.name === 'send notifications.send');
  expect(
    isBelow(
      trace,
      spanOf(
        trace,
        'notification-service runs the job',
        (s) => s.service === 'notification-service' && isChildOf(s, job),
      ),
      completion,
    ),
  ).toBe(true);
  const deliver = spanOf(trace, 'deliver webhook', (s) => s.name === 'deliver webhook');
  expect(isBelow(trace, deliver, completion)).toBe(true);
  const post = spanOf(
    trace,
    'the webhook POST',
    (s) => s.kind === 'client' && s.name === 'POST' && isChildOf(s, deliver),
  );
  const received = callback();
  expect(received?.traceparent).toBe(`00-${trace.traceId}-${post.spanId}-01`);

  // The fan-out subscribers: their own traces, each linked to OrderConfirmed's creation.
  const confirmedEvent = spanOf(trace, 'send orders', (s) => s.name === 'send orders');
  expect(isChildOf(confirmedEvent, confirmed)).toBe(true);
  const linked = (await tracesOfOrder(storeUrl, orderId)).filter((t) => t.traceId !== trace.traceId);
  for (const [service, name] of [
    ['reporting-service', 'process orders'],
    ['notification-service', 'process notification.order-events'],
  ] as const) {
    const subscriber = linked
      .map((t) =>
        t.spans.find(
          (s) =>
            s.depth === 0 &&
            s.service === service &&
            s.name === name &&
            s.attributes['commlab.message.type'] === 'commlab.order.confirmed.v1',
        ),
      )
      .find((s) => s !== undefined);
    if (subscriber === undefined)
      throw new Error(`no linked ${service} trace (${name}) for order ${orderId}`);
    expect(subscriber.kind).toBe('consumer');
    expect(subscriber.links).toContainEqual(
      expect.objectContaining({ traceId: trace.traceId, spanId: confirmed.spanId }),
    );
  }
  return trace;
}
