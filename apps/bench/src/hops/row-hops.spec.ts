import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { fixtureTraces, hopsTotal } from './fixture-traces';
import { withLinkedTraces } from './linked-traces';
import { PlacedOrders } from './placed-orders';
import { orderBreakdown, RowHops } from './row-hops';

describe('orderBreakdown', () => {
  it('ends an order at the answer or at the webhook, as its row measures', () => {
    const [own, ...linked] = fixtureTraces('callback');
    const untilAnswer = orderBreakdown(own.spans, 'response')!;
    const untilWebhook = orderBreakdown(withLinkedTraces(own, linked), 'webhook')!;
    const root = own.spans.find((span) => span.parentSpanId === undefined)!;
    expect(hopsTotal(untilAnswer)).toBeCloseTo(root.durationMs, 6);
    expect(hopsTotal(untilWebhook)).toBeGreaterThan(root.durationMs);
    expect([...untilAnswer.keys()].some((name) => name.startsWith('inventory-service'))).toBe(false);
    expect([...untilWebhook.keys()].some((name) => name.startsWith('inventory-service'))).toBe(true);
  });

  it('has none for a trace whose first service’s span has not arrived', () => {
    const [own] = fixtureTraces('sync-rmq');
    const withoutRoot = own.spans.filter((span) => span.parentSpanId !== undefined);
    expect(orderBreakdown(withoutRoot, 'response')).toBeUndefined();
  });
});

describe('RowHops', () => {
  it('says why a row has no bar when its target has no trace store', async () => {
    const lines: string[] = [];
    const hops = new RowHops((line) => lines.push(line));
    const orders = new PlacedOrders('webhook', { none: 'no trace store answers at http://127.0.0.1:4318' });
    orders.placed('o-1');
    await hops.afterRun('e2e.order.async-callback', orders, 10);
    expect(hops.bars()).toEqual([
      {
        scenario: 'e2e.order.async-callback',
        spans: 'from POST /orders into order-service to its webhook POST answered',
        none: 'no trace store answers at http://127.0.0.1:4318',
        traces: 0,
        incomplete: 0,
        medianMs: 0,
        hops: [],
      },
    ]);
  });

  it('says so when what answers at the trace store’s address is no trace store (an OTLP collector)', async () => {
    const server = createServer((_request, response) => response.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
    try {
      const lines: string[] = [];
      const hops = new RowHops((line) => lines.push(line));
      const orders = new PlacedOrders('response', { url });
      orders.placed('o-1');
      await hops.afterRun('e2e.order.sync', orders, 10);
      await hops.afterRun('e2e.order.sync', orders, 10);
      const [bar] = hops.bars();
      expect(bar?.none).toMatch(
        new RegExp(`^no trace store answers at ${url} \\(GET /api/traces: HTTP 404;`),
      );
      expect(lines).toEqual([`bench: no hop bars: ${bar?.none ?? ''}`]);
    } finally {
      server.close();
    }
  });
});
