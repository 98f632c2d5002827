import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

import { decodeOtlpJson, decodeOtlpProtobuf, OtlpDecodeError } from './otlp-decode';

/** Real spans from OpenTelemetry's SDK: a server span, a child with a link, an error and an event. */
function realSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'order-service' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('test-scope');
  const parent = tracer.startSpan('POST /orders', {
    kind: SpanKind.SERVER,
    attributes: { 'http.response.status_code': 202, 'commlab.order.id': 'o-1', ratio: 0.5, ok: true },
  });
  const child = tracer.startSpan(
    'send inventory.commands',
    {
      kind: SpanKind.PRODUCER,
      attributes: { tags: ['a', 'b'] },
      links: [{ context: parent.spanContext(), attributes: { 'commlab.link': 'message creation' } }],
    },
    trace.setSpan(ROOT_CONTEXT, parent),
  );
  child.addEvent('retry', { attempt: 2 });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'broker down' });
  child.end();
  parent.end();
  return exporter.getFinishedSpans();
}

describe('OTLP decoding', () => {
  const spans = realSpans();
  const [child, parent] = spans;

  const expected = [
    {
      traceId: child?.spanContext().traceId,
      spanId: child?.spanContext().spanId,
      parentSpanId: parent?.spanContext().spanId,
      name: 'send inventory.commands',
      kind: 'producer',
      service: 'order-service',
      scope: 'test-scope',
      attributes: { tags: ['a', 'b'] },
      status: { code: 'error', message: 'broker down' },
      links: [
        {
          traceId: parent?.spanContext().traceId,
          spanId: parent?.spanContext().spanId,
          attributes: { 'commlab.link': 'message creation' },
        },
      ],
      events: [expect.objectContaining({ name: 'retry', attributes: { attempt: 2 } })],
    },
    {
      name: 'POST /orders',
      kind: 'server',
      attributes: { 'http.response.status_code': 202, 'commlab.order.id': 'o-1', ratio: 0.5, ok: true },
      status: { code: 'unset' },
      links: [],
    },
  ];

  it('reads what OpenTelemetry protobuf exporters send', () => {
    const body = ProtobufTraceSerializer.serializeRequest(spans);
    const decoded = decodeOtlpProtobuf(body ?? new Uint8Array());
    expect(decoded).toMatchObject(expected);
    expect(decoded[1]?.parentSpanId).toBeUndefined();
    const [seconds, nanos] = parent?.startTime ?? [0, 0];
    expect(decoded[1]?.startTimeUnixNano).toBe((BigInt(seconds) * 1_000_000_000n + BigInt(nanos)).toString());
  });

  it('reads what OpenTelemetry JSON exporters send, with the same result', () => {
    const body = Buffer.from(JsonTraceSerializer.serializeRequest(spans) ?? new Uint8Array()).toString(
      'utf8',
    );
    expect(decodeOtlpJson(body)).toEqual(
      decodeOtlpProtobuf(ProtobufTraceSerializer.serializeRequest(spans) ?? new Uint8Array()),
    );
  });

  it('refuses bodies that are not OTLP, with a reason', () => {
    expect(() => decodeOtlpJson('{oops')).toThrow(OtlpDecodeError);
    expect(() => decodeOtlpJson('{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":1}]}]}]}')).toThrow(
      /not an OTLP trace export request/,
    );
    expect(() =>
      decodeOtlpJson(
        '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"ab","spanId":"cd","name":"x","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}',
      ),
    ).toThrow(/malformed trace or span id/);
    expect(() => decodeOtlpProtobuf(Buffer.from([0x0a, 0xff, 0xff]))).toThrow(OtlpDecodeError);
  });

  it('refuses protobuf with a wrong wire type or a length past the end, naming the field', () => {
    // resource_spans (field 1) as a varint instead of a message
    expect(() => decodeOtlpProtobuf(Buffer.from([0x08, 0x01]))).toThrow(
      /ExportTraceServiceRequest.resource_spans has wire type 0/,
    );
    // a resource_spans message of 5 bytes in a body of 3
    expect(() => decodeOtlpProtobuf(Buffer.from([0x0a, 0x05, 0x00]))).toThrow(OtlpDecodeError);
    // a span whose name (field 5) is a varint
    const badName = Buffer.from([0x0a, 0x06, 0x12, 0x04, 0x12, 0x02, 0x28, 0x01]);
    expect(() => decodeOtlpProtobuf(badName)).toThrow(/Span.name has wire type 0/);
  });

  it('refuses JSON fields of the wrong type with their path', () => {
    const span = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      name: 'x',
      startTimeUnixNano: '1',
      endTimeUnixNano: '2',
    };
    const request = (fields: Record<string, unknown>) =>
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ ...span, ...fields }] }] }] });
    expect(decodeOtlpJson(request({}))).toHaveLength(1);
    expect(() => decodeOtlpJson(request({ endTimeUnixNano: -1 }))).toThrow(
      'resourceSpans.0.scopeSpans.0.spans.0.endTimeUnixNano: expected nanoseconds',
    );
    expect(() =>
      decodeOtlpJson(request({ attributes: [{ key: 'k', value: { boolValue: 'yes' } }] })),
    ).toThrow('spans.0.attributes.0.value.boolValue: expected a boolean');
    expect(() => decodeOtlpJson('[]')).toThrow('(body): expected an object');
  });

  it('reads nested JSON values: arrays, maps, bytes and 64-bit times', () => {
    const [decoded] = decodeOtlpJson(
      JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: 'CvdlGRbNQ92ESOshHIAxnA==',
                    spanId: 'b7ad6b7169203331',
                    name: 'x',
                    kind: 'SPAN_KIND_CONSUMER',
                    startTimeUnixNano: '01764000000123456789',
                    endTimeUnixNano: 1764000000123456,
                    attributes: [
                      {
                        key: 'list',
                        value: { arrayValue: { values: [{ intValue: '7' }, { doubleValue: 0.5 }] } },
                      },
                      {
                        key: 'map',
                        value: { kvlistValue: { values: [{ key: 'a', value: { boolValue: false } }] } },
                      },
                      { key: 'raw', value: { bytesValue: 'AQI=' } },
                      { key: 'empty' },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    expect(decoded).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      service: 'svc',
      kind: 'consumer',
      startTimeUnixNano: '1764000000123456789',
      endTimeUnixNano: '1764000000123456',
      attributes: { list: [7, 0.5], map: { a: false }, raw: 'AQI=', empty: null },
    });
  });
});
