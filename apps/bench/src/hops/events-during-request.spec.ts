import {
  eventsDuringRequest,
  eventsDuringRequestSummary,
  formatEventsDuringRequest,
} from './events-during-request';
import { fixtureTraces, testSpan } from './fixture-traces';

const OUTBOX_SEND = { 'messaging.operation.type': 'send', 'commlab.outbox.wait_ms': 2 };

/** An order: root 0–20 ms in order-service, 4 ms of database at 10 ms; its event handled at `eventAt`. */
function order(eventAt: number, databaseMs = 4) {
  return [
    testSpan('root', undefined, 'order-service', 'server', 0, 20),
    testSpan('call', 'root', 'order-service', 'client', 1, 8),
    testSpan('reserve', 'call', 'inventory-service', 'server', 2, 6),
    testSpan('send', 'reserve', 'inventory-service', 'producer', 5, 1, OUTBOX_SEND),
    testSpan('event', 'send', 'order-service', 'consumer', eventAt, 1),
    testSpan('db', 'root', 'order-service', 'client', 10, databaseMs, { 'db.system.name': 'postgresql' }),
  ];
}

describe('eventsDuringRequest', () => {
  it("finds the sync order's own StockReserved, handled by order-service during the request (captured trace)", () => {
    const [own] = fixtureTraces('sync-rmq');
    const found = eventsDuringRequest(own.spans);
    expect(found.map((span) => `${span.service} ${span.name}`)).toEqual(['order-service process inventory']);
  });

  it("leaves out a request-reply's reply, other services' consumers and events handled after the answer", () => {
    const [own] = fixtureTraces('sync-rmq');
    const found = new Set(eventsDuringRequest(own.spans).map((span) => span.name));
    expect(found.has('amq.rabbitmq.reply-to process')).toBe(false);
    expect(eventsDuringRequest(order(25))).toEqual([]);
    expect(eventsDuringRequest(order(11)).map((span) => span.spanId)).toEqual(['event']);
  });

  it('splits the orders and gives each group its medians, inside the first service and its database', () => {
    const summary = eventsDuringRequestSummary([order(11, 6), order(12, 8), order(25, 2)]);
    expect(summary).toEqual({
      service: 'order-service',
      during: { traces: 2, totalMs: 20, databaseMs: 7 },
      others: { traces: 1, totalMs: 20, databaseMs: 2 },
    });
    expect(formatEventsDuringRequest(summary!)).toEqual([
      'Orders whose own event order-service handled while the request ran (its relay’s send, consumed by order-service): 2 of 3',
      '  those orders: 2, median 20.00 ms inside order-service, its database 7.00 ms',
      '  the others: 1, median 20.00 ms inside order-service, its database 2.00 ms',
    ]);
    expect(eventsDuringRequestSummary([])).toBeUndefined();
  });
});
