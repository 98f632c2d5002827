import { fixtureTraces, hopsTotal, testSpan } from './fixture-traces';
import { hopBreakdown } from './hop-breakdown';

const span = testSpan;
const sum = hopsTotal;

describe('hopBreakdown', () => {
  // POST /orders (10 ms) → a gRPC call (5 ms) whose server span lasts 3 ms, 1 ms of it in the database.
  const syncOrder = [
    span('root', undefined, 'order-service', 'server', 0, 10),
    span('call', 'root', 'order-service', 'client', 2, 5, { 'rpc.system': 'grpc' }),
    span('serve', 'call', 'inventory-service', 'server', 3, 3),
    span('sql', 'serve', 'inventory-service', 'client', 4, 1, { 'db.system': 'postgresql' }),
  ];

  it('gives every millisecond of the root to one hop: caller, wire, callee, database', () => {
    const hops = hopBreakdown(syncOrder);
    expect(Object.fromEntries(hops)).toEqual({
      'order-service own work': 5,
      'order-service → inventory-service (grpc)': 2,
      'inventory-service own work': 2,
      'inventory-service database': 1,
    });
    expect(sum(hops)).toBe(10);
  });

  it('counts nothing the request did not wait for: a relay publishing after the handler returned', () => {
    const hops = hopBreakdown([
      ...syncOrder,
      span('relay', 'serve', 'inventory-service', 'producer', 6.5, 2, { 'messaging.system': 'kafka' }),
      span('consume', 'relay', 'reporting-service', 'consumer', 8, 4),
    ]);
    expect(hops.has('inventory-service → reporting-service (kafka)')).toBe(false);
    expect(hops.has('reporting-service own work')).toBe(false);
    expect(sum(hops)).toBe(10);
  });

  it('counts overlapping siblings once, the later one from where the earlier ended', () => {
    const hops = hopBreakdown([
      span('root', undefined, 'order-service', 'server', 0, 10),
      span('a', 'root', 'order-service', 'client', 1, 4, { 'db.system': 'postgresql' }),
      span('b', 'root', 'order-service', 'client', 3, 4, { 'messaging.system': 'rabbitmq' }),
    ]);
    expect(hops.get('order-service database')).toBe(4);
    expect(hops.get('order-service → order-service-b (rabbitmq)')).toBe(2);
    expect(sum(hops)).toBe(10);
  });

  it('names a call with no traced callee by its span name, and returns nothing for no spans', () => {
    const hops = hopBreakdown([
      span('root', undefined, 'order-service', 'server', 0, 2),
      span('dns', 'root', 'order-service', 'client', 0, 1),
    ]);
    expect(hops.get('order-service → order-service-dns (call)')).toBe(1);
    expect(hopBreakdown([]).size).toBe(0);
  });

  it('counts nothing for a child that outlived its parent or a live-feed publish, nor names a message creation a call', () => {
    const hops = hopBreakdown([
      span('root', undefined, 'order-service', 'server', 0, 10),
      span('feed', 'root', 'order-service', 'client', 1, 20, { 'db.system.name': 'redis' }),
      span('tx', 'root', 'order-service', 'internal', 2, 6),
      span('create', 'tx', 'order-service', 'producer', 3, 1, { 'messaging.operation.type': 'create' }),
      span('sql', 'tx', 'order-service', 'client', 4, 2, { 'db.system.name': 'postgresql' }),
      // The live feed's publish, fire-and-forget even when it ends in time.
      {
        ...span('line', 'tx', 'order-service', 'client', 6, 1, { 'db.system.name': 'redis' }),
        name: 'publish',
      },
    ]);
    expect(Object.fromEntries(hops)).toEqual({ 'order-service own work': 8, 'order-service database': 2 });
  });

  it('waits on a request-reply over a broker until the reply is back in the caller', () => {
    const rabbitmq = { 'messaging.system': 'rabbitmq' };
    const hops = hopBreakdown([
      span('root', undefined, 'order-service', 'server', 0, 20),
      span('publish', 'root', 'order-service', 'producer', 1, 1, rabbitmq),
      span('serve', 'publish', 'inventory-service', 'consumer', 3, 5),
      span('reply', 'serve', 'inventory-service', 'producer', 9, 1, rabbitmq),
      span('back', 'reply', 'order-service', 'consumer', 12, 1),
    ]);
    expect(Object.fromEntries(hops)).toEqual({
      'order-service own work': 8, // 0–1 and 13–20
      'order-service → inventory-service (rabbitmq)': 7, // 1–3 and 8–13: the broker both ways
      'inventory-service own work': 5,
    });
  });

  it('adds up to the root on a captured RabbitMQ-RPC order, inventory’s work inside the call', () => {
    const [own] = fixtureTraces('sync-rmq');
    const hops = hopBreakdown(own.spans);
    const root = own.spans.find((s) => s.parentSpanId === undefined)!;
    expect(sum(hops)).toBeCloseTo(root.durationMs, 6);
    expect(hops.get('inventory-service database')).toBeGreaterThan(0);
    expect(hops.get('order-service → inventory-service (rabbitmq)')).toBeGreaterThan(0);
  });
});
