import { gzipSync } from 'node:zlib';

import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

import { type RunningTraceStore, startTraceStoreServer, type TraceView } from '@commlab/trace-store';

function orderSpans(service: string, orderId: string): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('test');
  const root = tracer.startSpan('POST /orders', {
    kind: SpanKind.SERVER,
    attributes: { 'commlab.order.id': orderId },
  });
  tracer.startSpan('transaction', {}, trace.setSpan(ROOT_CONTEXT, root)).end();
  root.end();
  return exporter.getFinishedSpans();
}

describe('the trace store over HTTP (OTLP in, JSON out)', () => {
  let server: RunningTraceStore;

  beforeAll(async () => {
    server = await startTraceStoreServer({ port: 0, maxTraces: 50 });
  });

  afterAll(async () => {
    await server.close();
  });

  const post = (body: Uint8Array | string, headers: Record<string, string>) =>
    fetch(`${server.url}/v1/traces`, { method: 'POST', body, headers });

  it('takes protobuf, gzipped protobuf and JSON, and finds the traces by trace id and order id', async () => {
    const protobuf = orderSpans('order-service', 'order-a');
    const gzipped = orderSpans('order-service', 'order-b');
    const json = orderSpans('inventory-service', 'order-c');
    expect(
      (
        await post(ProtobufTraceSerializer.serializeRequest(protobuf) ?? '', {
          'content-type': 'application/x-protobuf',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await post(gzipSync(ProtobufTraceSerializer.serializeRequest(gzipped) ?? new Uint8Array()), {
          'content-type': 'application/x-protobuf',
          'content-encoding': 'gzip',
        })
      ).status,
    ).toBe(200);
    const answer = await post(JsonTraceSerializer.serializeRequest(json) ?? '', {
      'content-type': 'application/json',
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ partialSuccess: {} });

    const list = (await (await fetch(`${server.url}/api/traces?limit=2`)).json()) as {
      traces: { traceId: string }[];
    };
    expect(list.traces.map((t) => t.traceId)).toEqual([
      json[0]?.spanContext().traceId,
      gzipped[0]?.spanContext().traceId,
    ]);

    const byOrder = (await (await fetch(`${server.url}/api/traces?orderId=order-a`)).json()) as {
      traces: { traceId: string; services: string[] }[];
    };
    expect(byOrder.traces).toEqual([
      expect.objectContaining({ traceId: protobuf[0]?.spanContext().traceId, services: ['order-service'] }),
    ]);

    const one = (await (
      await fetch(`${server.url}/api/traces/${json[0]?.spanContext().traceId ?? ''}`)
    ).json()) as { trace: TraceView };
    expect(one.trace.spans.map((span) => [span.name, span.depth, span.service])).toEqual([
      ['POST /orders', 0, 'inventory-service'],
      ['transaction', 1, 'inventory-service'],
    ]);
  });

  it('answers bad requests with a 4xx and a code, never a 500', async () => {
    const cases: [Promise<Response>, number, string][] = [
      [post('{oops', { 'content-type': 'application/json' }), 400, 'BAD_OTLP_REQUEST'],
      [post('x', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_CONTENT_TYPE'],
      [
        post('x', { 'content-type': 'application/json', 'content-encoding': 'br' }),
        415,
        'UNSUPPORTED_ENCODING',
      ],
      [post('not gzip', { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 400, 'BAD_GZIP'],
      [fetch(`${server.url}/api/traces/xyz`), 400, 'BAD_TRACE_ID'],
      [fetch(`${server.url}/api/traces/${'0'.repeat(32)}`), 404, 'TRACE_NOT_FOUND'],
      [fetch(`${server.url}/api/traces?limit=0`), 400, 'BAD_LIMIT'],
      [fetch(`${server.url}/api/traces`, { method: 'DELETE' }), 405, 'METHOD_NOT_ALLOWED'],
    ];
    for (const [request, status, code] of cases) {
      const response = await request;
      expect([response.status, ((await response.json()) as { code: string }).code]).toEqual([status, code]);
    }
  });
});
