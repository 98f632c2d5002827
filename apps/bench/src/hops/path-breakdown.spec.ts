import type { Hops } from './hop-breakdown';
import { fixtureTraces, hopsTotal, testSpan } from './fixture-traces';
import { withLinkedTraces } from './linked-traces';
import { pathBreakdown, WEBHOOK_HOP, webhookBreakdown, webhookCall } from './path-breakdown';

const span = testSpan;
const sum = hopsTotal;
const KAFKA = { 'messaging.system': 'kafka' };

describe('pathBreakdown', () => {
  // POST /orders 0–10 (transaction 2–6 creates the message at 5) → the relay sends at 12–15 →
  // inventory processes 14–20 (its database 15–18), while reporting also gets the message (13–40).
  const order = [
    span('root', undefined, 'order-service', 'server', 0, 10),
    span('tx', 'root', 'order-service', 'internal', 2, 4),
    span('create', 'tx', 'order-service', 'producer', 5, 0.5, { 'messaging.operation.type': 'create' }),
    span('send', 'create', 'order-service', 'producer', 12, 3, { ...KAFKA, 'commlab.outbox.wait_ms': 6 }),
    span('other', 'send', 'reporting-service', 'consumer', 13, 27),
    span('process', 'send', 'inventory-service', 'consumer', 14, 6),
    span('sql', 'process', 'inventory-service', 'client', 15, 3, { 'db.system.name': 'postgresql' }),
  ];

  it('follows the chain to the end span: work, the outbox relay wait, the broker, the consumer', () => {
    const hops = pathBreakdown(
      order,
      order.find((s) => s.spanId === 'process')!,
    )!;
    expect(Object.fromEntries(hops)).toEqual({
      'order-service own work': 10, // the root and the transaction (no database spans), create included
      'order-service outbox relay wait': 2, // 10–12: nothing of the chain runs, the relay's send comes next
      'order-service → inventory-service (kafka)': 2, // the send until inventory's process starts
      'inventory-service own work': 3,
      'inventory-service database': 3,
    });
    expect(sum(hops)).toBe(20);
    expect(hops.has('reporting-service own work')).toBe(false);
  });

  it('gives a gap between a send that ended and its consumer to the send’s hop, and names other waits', () => {
    const hops = pathBreakdown(
      [
        span('root', undefined, 'order-service', 'server', 0, 4),
        span('send', 'root', 'order-service', 'producer', 1, 1, KAFKA),
        span('process', 'send', 'inventory-service', 'consumer', 5, 2),
        span('deliver', 'process', 'inventory-service', 'internal', 9, 1, {}, 'deliver webhook'),
      ],
      span('deliver', 'process', 'inventory-service', 'internal', 9, 1, {}, 'deliver webhook'),
    )!;
    expect(Object.fromEntries(hops)).toEqual({
      'order-service own work': 3,
      'order-service → inventory-service (kafka)': 2, // its span 1–2, then 4–5 in the broker
      'inventory-service own work': 3,
      'inventory-service wait before deliver webhook': 2,
    });
  });

  it('is undefined when the end span does not descend from the trace’s root', () => {
    expect(
      pathBreakdown(
        [span('root', undefined, 'a', 'server', 0, 1), span('alone', 'gone', 'b', 'consumer', 2, 1)],
        span('alone', 'gone', 'b', 'consumer', 2, 1),
      ),
    ).toBeUndefined();
  });
});

describe('webhookBreakdown on traces captured from pnpm start', () => {
  const passes = (hops: Hops, services: string[]) =>
    services.every((service) => [...hops.keys()].some((name) => name.startsWith(service)));

  it('orchestrated: POST /orders → RabbitMQ → inventory → Kafka → order → webhook, summing to the window', () => {
    const [own] = fixtureTraces('callback');
    const end = webhookCall(own.spans)!;
    const hops = webhookBreakdown(own.spans)!;
    expect(sum(hops)).toBeCloseTo(end.offsetMs + end.durationMs, 6);
    expect(passes(hops, ['order-service', 'auth-service', 'inventory-service'])).toBe(true);
    for (const hop of [
      'order-service → inventory-service (rabbitmq)',
      'inventory-service → order-service (kafka)',
      'inventory-service outbox relay wait',
      WEBHOOK_HOP,
    ])
      expect(hops.get(hop)).toBeGreaterThan(0);
    // The order waits for none of the other subscribers of its events.
    expect([...hops.keys()].filter((name) => /reporting|notification/.test(name))).toEqual([]);
  });

  it('choreographed: reaches the webhook only through the linked trace inventory continues in', () => {
    const [own, ...linked] = fixtureTraces('choreo');
    expect(webhookBreakdown(own.spans)).toBeUndefined();
    const spans = withLinkedTraces(own, linked);
    const end = webhookCall(spans)!;
    const hops = webhookBreakdown(spans)!;
    expect(sum(hops)).toBeCloseTo(end.offsetMs + end.durationMs, 6);
    expect(hops.get('order-service → inventory-service (kafka)')).toBeGreaterThan(0);
    expect(hops.get('inventory-service → order-service (kafka)')).toBeGreaterThan(0);
    expect(hops.get('inventory-service database')).toBeGreaterThan(0);
    expect([...hops.keys()].filter((name) => /reporting|notification|rabbitmq/.test(name))).toEqual([]);
  });
});
