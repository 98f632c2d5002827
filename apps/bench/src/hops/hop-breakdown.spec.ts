import { hopBreakdown, type HopSpan } from './hop-breakdown';

const span = (
  spanId: string,
  parentSpanId: string | undefined,
  service: string,
  kind: string,
  offsetMs: number,
  durationMs: number,
  attributes: Record<string, unknown> = {},
): HopSpan => ({
  spanId,
  ...(parentSpanId === undefined ? {} : { parentSpanId }),
  name: `${service}-${spanId}`,
  service,
  kind,
  offsetMs,
  durationMs,
  attributes,
});

const sum = (hops: Map<string, number>) => [...hops.values()].reduce((total, ms) => total + ms, 0);

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
});
