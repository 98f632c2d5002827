import { createEnvelope, type Envelope, ORDER_PLACED_V1, sampleMessages } from '@commlab/contracts';
import type { Database } from '@commlab/persistence';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

import {
  EventPublisher,
  inConsumerTrace,
  type OutboxMessage,
  OutboxRelay,
  type PublishResult,
  receivedMessageFacts,
} from '../src';
import { pgliteBackend } from './messaging-test-kit';

/**
 * The trace context across the outbox, with OpenTelemetry's real SDK: the row keeps the context of the
 * transaction that wrote it, the relay publishes under a span parented to it and hands the broker that
 * span's W3C headers; a consumer continues the trace (child) or links to it (fan-out).
 */
describe('trace context through the outbox', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const backend = pgliteBackend();
  let db: Database;
  let published: OutboxMessage[];
  let relay: OutboxRelay;

  beforeAll(async () => {
    provider.register();
    await backend.setup();
    db = await backend.open();
    relay = new OutboxRelay({
      db,
      publisher: {
        publish: (rows): Promise<PublishResult[]> => {
          published.push(...rows);
          return Promise.resolve(rows.map((row) => ({ messageId: row.messageId, ok: true })));
        },
      },
    });
  });

  afterAll(async () => {
    await backend.teardown();
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  beforeEach(() => {
    published = [];
    exporter.reset();
  });

  const placed = (orderId: string): Envelope =>
    createEnvelope({
      type: ORDER_PLACED_V1,
      source: '/commlab/test',
      subject: orderId,
      correlationId: 'corr-1',
      data: { ...sampleMessages()[ORDER_PLACED_V1].data, orderId },
    });

  const span = (name: string) => {
    const found = exporter.getFinishedSpans().find((s) => s.name === name);
    if (found === undefined)
      throw new Error(
        `no span ${name}: ${exporter
          .getFinishedSpans()
          .map((s) => s.name)
          .join(', ')}`,
      );
    return found;
  };

  it('keeps the writing transaction’s context with each row, and the relay publishes in that trace', async () => {
    const events = new EventPublisher({
      db,
      routes: () => [
        { transport: 'kafka', topic: 'orders' },
        { transport: 'rabbitmq', exchange: 'commlab.events', routingKey: 'order.placed' },
      ],
    });
    const request = provider.getTracer('test').startSpan('POST /orders', { kind: SpanKind.SERVER });
    await context.with(trace.setSpan(context.active(), request), () =>
      events.transaction(async (unit) => {
        await unit.publish(placed('order-1'));
      }),
    );
    request.end();
    await relay.runOnce();

    const created = span('create commlab.order.placed.v1');
    const transaction = span('transaction');
    expect(transaction.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(created.parentSpanContext?.spanId).toBe(transaction.spanContext().spanId);
    const traceparent = `00-${created.spanContext().traceId}-${created.spanContext().spanId}-01`;
    // The envelope (CloudEvents tracing extension) and both rows carry the creation context.
    expect(published.map((row) => [row.envelope.traceparent, row.trace?.traceparent])).toEqual([
      [traceparent, traceparent],
      [traceparent, traceparent],
    ]);
    const sends = ['send orders', 'send commlab.events:order.placed'].map(span);
    for (const [index, send] of sends.entries()) {
      expect(send.parentSpanContext?.spanId).toBe(created.spanContext().spanId);
      expect(send.kind).toBe(SpanKind.PRODUCER);
      expect(send.attributes).toMatchObject({
        'messaging.operation.type': 'send',
        'commlab.message.subject': 'order-1',
      });
      // The broker gets the send span's context as the hop's W3C header.
      expect(published[index]?.traceHeaders?.traceparent).toBe(
        `00-${send.spanContext().traceId}-${send.spanContext().spanId}-01`,
      );
    }
  });

  it('keeps an unsampled request unsampled downstream (parent-based sampling)', async () => {
    const events = new EventPublisher({ db, routes: () => [{ transport: 'kafka', topic: 'orders' }] });
    const unsampled = trace.wrapSpanContext({
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      traceFlags: 0,
    });
    await context.with(trace.setSpan(context.active(), unsampled), () =>
      events.transaction(async (unit) => {
        await unit.publish(placed('order-2'));
      }),
    );
    await relay.runOnce();
    // Same trace, not sampled (flags 00): every service downstream follows that decision.
    expect(published[0]?.envelope.traceparent).toMatch(/^00-a{32}-[0-9a-f]{16}-00$/);
    expect(published[0]?.traceHeaders?.traceparent).toMatch(/-00$/);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('a consumer continues the trace (child) or starts its own, linked to the creation (fan-out)', async () => {
    const creation = provider.getTracer('test').startSpan('create');
    creation.end();
    const facts = receivedMessageFacts({
      id: 'm-1',
      type: 'commlab.order.placed.v1',
      subject: 'order-3',
      traceparent: `00-${creation.spanContext().traceId}-${creation.spanContext().spanId}-01`,
    });
    const options = { system: 'kafka', destination: 'orders', consumer: 'reporting' } as const;
    await inConsumerTrace(facts, { ...options, relation: 'child' }, () => Promise.resolve());
    await inConsumerTrace(facts, { ...options, relation: 'link' }, () => Promise.resolve());
    const [child, linked] = exporter.getFinishedSpans().filter((s) => s.name === 'process orders');
    expect(child?.spanContext().traceId).toBe(creation.spanContext().traceId);
    expect(child?.parentSpanContext?.spanId).toBe(creation.spanContext().spanId);
    expect(linked?.spanContext().traceId).not.toBe(creation.spanContext().traceId);
    expect(linked?.parentSpanContext).toBeUndefined();
    expect(linked?.links.map((link) => link.context.spanId)).toEqual([creation.spanContext().spanId]);
    expect(linked?.attributes).toMatchObject({
      'messaging.consumer.group.name': 'reporting',
      'messaging.message.id': 'm-1',
    });
  });
});
