import { Reader } from 'protobufjs';

import { OtlpDecodeError } from './otlp-decode-error';
import {
  type AttributeValue,
  SPAN_KINDS,
  type SpanEventRecord,
  type SpanLinkRecord,
  type SpanRecord,
  STATUS_CODES,
} from './span-record';
import { checkedSpans, nameAt } from './span-checks';

/**
 * OTLP/protobuf (opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest and the trace, resource
 * and common messages under it) read straight into span records, one pass over the bytes: no message
 * objects, no `toObject`, no schema validation of what was already typed by the wire. Field numbers are
 * the OTLP specification's; fields it does not list are skipped, as protobuf allows. `otlp-decode.spec.ts`
 * checks it against OpenTelemetry's own serializer.
 */

const WIRE = { varint: 0, fixed64: 1, len: 2, fixed32: 5 } as const;

/** Calls `onField(field, wireType)` for every field of the message of `length` bytes at the reader's position. */
function eachField(reader: Reader, length: number, onField: (field: number, wireType: number) => boolean) {
  const end = reader.pos + length;
  if (end > reader.len) throw new OtlpDecodeError('a message runs past the end of the body');
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 0) throw new OtlpDecodeError('a field numbered 0');
    if (!onField(field, wireType)) reader.skipType(wireType);
  }
  if (reader.pos !== end) throw new OtlpDecodeError('a field runs past the end of its message');
}

/** The wire type a known field must have, or a refusal naming it. */
function expect(wireType: number, expected: number, what: string): void {
  if (wireType !== expected) {
    throw new OtlpDecodeError(`${what} has wire type ${String(wireType)}, not ${String(expected)}`);
  }
}

function len(reader: Reader, wireType: number, what: string): number {
  expect(wireType, WIRE.len, what);
  return reader.uint32();
}

function hex(reader: Reader, wireType: number, what: string): string {
  expect(wireType, WIRE.len, what);
  const bytes = reader.bytes();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** fixed64 nanoseconds as a decimal string (above 2^53: read as two 32-bit halves). */
function nanos(reader: Reader, wireType: number, what: string): string {
  expect(wireType, WIRE.fixed64, what);
  const low = reader.fixed32();
  const high = reader.fixed32();
  return high === 0 ? String(low) : ((BigInt(high) << 32n) | BigInt(low)).toString();
}

function varint(reader: Reader, wireType: number, what: string): number {
  expect(wireType, WIRE.varint, what);
  return reader.int32();
}

function string(reader: Reader, wireType: number, what: string): string {
  expect(wireType, WIRE.len, what);
  return reader.string();
}

/** How one field of a message is read into the record `T` being built. */
type Field<T> = (reader: Reader, wireType: number, into: T) => unknown;

/** A message's fields into `into`, by field number; unlisted ones are skipped. */
function message<T>(reader: Reader, length: number, into: NoInfer<T>, fields: Record<number, Field<T>>): T {
  eachField(reader, length, (field, wireType) => {
    const read = fields[field];
    if (read === undefined) return false;
    read(reader, wireType, into);
    return true;
  });
  return into;
}

/** A field that is a message of its own. */
function nested<T>(
  reader: Reader,
  wireType: number,
  what: string,
  into: T,
  fields: Record<number, Field<T>>,
): T {
  return message(reader, len(reader, wireType, what), into, fields);
}

function anyValue(reader: Reader, length: number): AttributeValue {
  let value: AttributeValue = null;
  eachField(reader, length, (field, wireType) => {
    switch (field) {
      case 1:
        value = string(reader, wireType, 'AnyValue.string_value');
        return true;
      case 2:
        expect(wireType, WIRE.varint, 'AnyValue.bool_value');
        value = reader.bool();
        return true;
      case 3: {
        expect(wireType, WIRE.varint, 'AnyValue.int_value');
        const long = reader.int64() as unknown;
        value = typeof long === 'number' ? long : (long as { toNumber(): number }).toNumber();
        return true;
      }
      case 4:
        expect(wireType, WIRE.fixed64, 'AnyValue.double_value');
        value = reader.double();
        return true;
      case 5:
        value = nested(reader, wireType, 'AnyValue.array_value', [], ARRAY_VALUE);
        return true;
      case 6:
        value = nested(reader, wireType, 'AnyValue.kvlist_value', {}, KEY_VALUE_LIST);
        return true;
      case 7:
        expect(wireType, WIRE.len, 'AnyValue.bytes_value');
        value = Buffer.from(reader.bytes()).toString('base64');
        return true;
      default:
        return false;
    }
  });
  return value;
}

/** One KeyValue into `into` (a repeated key: the last one wins, as in a map). */
function keyValue(reader: Reader, length: number, into: Record<string, AttributeValue>): void {
  let key = '';
  let value: AttributeValue = null;
  eachField(reader, length, (field, wireType) => {
    if (field === 1) key = string(reader, wireType, 'KeyValue.key');
    else if (field === 2) value = anyValue(reader, len(reader, wireType, 'KeyValue.value'));
    else return false;
    return true;
  });
  into[key] = value;
}

/** A repeated KeyValue field: one more entry in `into`, which it answers. */
function attribute(
  reader: Reader,
  wireType: number,
  into: Record<string, AttributeValue>,
  what: string,
): Record<string, AttributeValue> {
  keyValue(reader, len(reader, wireType, what), into);
  return into;
}

const ARRAY_VALUE: Record<number, Field<AttributeValue[]>> = {
  1: (r, w, values) => values.push(anyValue(r, len(r, w, 'ArrayValue.values'))),
};

const KEY_VALUE_LIST: Record<number, Field<Record<string, AttributeValue>>> = {
  1: (r, w, map) => attribute(r, w, map, 'KeyValueList.values'),
};

const EVENT: Record<number, Field<SpanEventRecord>> = {
  1: (r, w, event) => (event.timeUnixNano = nanos(r, w, 'Event.time_unix_nano')),
  2: (r, w, event) => (event.name = string(r, w, 'Event.name')),
  3: (r, w, event) => attribute(r, w, event.attributes, 'Event.attributes'),
};

const LINK: Record<number, Field<SpanLinkRecord>> = {
  1: (r, w, link) => (link.traceId = hex(r, w, 'Link.trace_id')),
  2: (r, w, link) => (link.spanId = hex(r, w, 'Link.span_id')),
  4: (r, w, link) => attribute(r, w, link.attributes, 'Link.attributes'),
};

const STATUS: Record<number, Field<SpanRecord['status']>> = {
  2: (r, w, status) => {
    const text = string(r, w, 'Status.message');
    if (text !== '') status.message = text;
  },
  3: (r, w, status) => (status.code = nameAt(STATUS_CODES, varint(r, w, 'Status.code'))),
};

const SPAN: Record<number, Field<SpanRecord>> = {
  1: (r, w, span) => (span.traceId = hex(r, w, 'Span.trace_id')),
  2: (r, w, span) => (span.spanId = hex(r, w, 'Span.span_id')),
  4: (r, w, span) => {
    const parent = hex(r, w, 'Span.parent_span_id');
    if (parent !== '') span.parentSpanId = parent;
  },
  5: (r, w, span) => (span.name = string(r, w, 'Span.name')),
  6: (r, w, span) => (span.kind = nameAt(SPAN_KINDS, varint(r, w, 'Span.kind'))),
  7: (r, w, span) => (span.startTimeUnixNano = nanos(r, w, 'Span.start_time_unix_nano')),
  8: (r, w, span) => (span.endTimeUnixNano = nanos(r, w, 'Span.end_time_unix_nano')),
  9: (r, w, span) => attribute(r, w, span.attributes, 'Span.attributes'),
  11: (r, w, span) =>
    span.events.push(nested(r, w, 'Span.events', { name: '', timeUnixNano: '0', attributes: {} }, EVENT)),
  13: (r, w, span) =>
    span.links.push(nested(r, w, 'Span.links', { traceId: '', spanId: '', attributes: {} }, LINK)),
  15: (r, w, span) => nested(r, w, 'Span.status', span.status, STATUS),
};

function span(reader: Reader, length: number, service: string, scope: string): SpanRecord {
  const record: SpanRecord = {
    traceId: '',
    spanId: '',
    name: '',
    kind: 'unspecified',
    service,
    scope,
    startTimeUnixNano: '0',
    endTimeUnixNano: '0',
    attributes: {},
    status: { code: 'unset' },
    links: [],
    events: [],
  };
  return message(reader, length, record, SPAN);
}

/** Where a message lies in the body, to be read once what comes after it is known. */
interface Located {
  pos: number;
  length: number;
}

function locate(reader: Reader, wireType: number, what: string, into: Located[]): Located[] {
  const length = len(reader, wireType, what);
  into.push({ pos: reader.pos, length });
  reader.skip(length);
  return into;
}

const RESOURCE: Record<number, Field<Record<string, AttributeValue>>> = {
  1: (r, w, attributes) => attribute(r, w, attributes, 'Resource.attributes'),
};

const RESOURCE_SPANS: Record<
  number,
  Field<{ resource: Record<string, AttributeValue>; scopes: Located[] }>
> = {
  1: (r, w, into) => nested(r, w, 'ResourceSpans.resource', into.resource, RESOURCE),
  2: (r, w, into) => locate(r, w, 'ResourceSpans.scope_spans', into.scopes),
};

const SCOPE: Record<number, Field<{ name: string }>> = {
  1: (r, w, scope) => (scope.name = string(r, w, 'InstrumentationScope.name')),
};

const SCOPE_SPANS: Record<number, Field<{ scope: { name: string }; spans: Located[] }>> = {
  1: (r, w, into) => nested(r, w, 'ScopeSpans.scope', into.scope, SCOPE),
  2: (r, w, into) => locate(r, w, 'ScopeSpans.spans', into.spans),
};

/**
 * One ResourceSpans: every SDK puts the resource first, but protobuf allows any order, so the scopes and
 * their spans are located first and read once `service.name` and the scope's name are known.
 */
function resourceSpans(reader: Reader, length: number, spans: SpanRecord[]): void {
  const { resource, scopes } = message(reader, length, { resource: {}, scopes: [] }, RESOURCE_SPANS);
  const serviceName = resource['service.name'];
  const service = typeof serviceName === 'string' ? serviceName : 'unknown';
  const resumeAt = reader.pos;
  for (const at of scopes) {
    reader.pos = at.pos;
    const scopeSpans = message(reader, at.length, { scope: { name: '' }, spans: [] }, SCOPE_SPANS);
    for (const one of scopeSpans.spans) {
      reader.pos = one.pos;
      spans.push(span(reader, one.length, service, scopeSpans.scope.name));
    }
  }
  reader.pos = resumeAt;
}

/** Spans from an OTLP/HTTP protobuf body (`application/x-protobuf`). */
export function decodeOtlpProtobuf(body: Uint8Array): SpanRecord[] {
  const reader = Reader.create(body);
  const spans: SpanRecord[] = [];
  try {
    eachField(reader, body.length, (field, wireType) => {
      if (field !== 1) return false;
      resourceSpans(reader, len(reader, wireType, 'ExportTraceServiceRequest.resource_spans'), spans);
      return true;
    });
  } catch (error) {
    // Ours (a wrong wire type, a length past the end) or protobufjs's (a truncated varint).
    throw new OtlpDecodeError(`the body is not an OTLP protobuf message: ${(error as Error).message}`);
  }
  return checkedSpans(spans);
}
