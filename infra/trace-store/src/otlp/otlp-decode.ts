import { z } from 'zod';

import { exportTraceServiceRequestType } from './otlp-trace-schema';
import { type AttributeValue, SPAN_KINDS, type SpanRecord, STATUS_CODES } from './span-record';

/** Why an export request was refused (answered 400 with this message). */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
}

/** Ids: lowercase hex in OTLP/JSON, bytes in protobuf (and base64 from some JSON encoders). */
const id = z.union([z.string(), z.instanceof(Uint8Array)]).transform((value, ctx) => {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (/^[0-9a-fA-F]*$/.test(value)) return value.toLowerCase();
  const decoded = Buffer.from(value, 'base64');
  if (decoded.toString('base64').replace(/=+$/, '') !== value.replace(/=+$/, '')) {
    ctx.addIssue({ code: 'custom', message: 'an id in hex or base64' });
    return z.NEVER;
  }
  return decoded.toString('hex');
});

/** Nanosecond times: decimal strings (protobuf fixed64, OTLP/JSON) or numbers. */
const nanos = z
  .union([z.string().regex(/^\d+$/), z.number().int().nonnegative()])
  .transform((value) => BigInt(value).toString());

interface AnyValueInput {
  stringValue?: string | undefined;
  boolValue?: boolean | undefined;
  intValue?: string | number | undefined;
  doubleValue?: number | undefined;
  arrayValue?: { values?: AnyValueInput[] | undefined } | undefined;
  kvlistValue?: { values?: KeyValueInput[] | undefined } | undefined;
  bytesValue?: string | Uint8Array | undefined;
}

interface KeyValueInput {
  key: string;
  value?: AnyValueInput | undefined;
}

const anyValue: z.ZodType<AnyValueInput> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: z.union([z.string(), z.number()]).optional(),
    doubleValue: z.number().optional(),
    arrayValue: z.object({ values: z.array(anyValue).optional() }).optional(),
    kvlistValue: z.object({ values: z.array(keyValue).optional() }).optional(),
    bytesValue: z.union([z.string(), z.instanceof(Uint8Array)]).optional(),
  }),
);

const keyValue: z.ZodType<KeyValueInput> = z.lazy(() =>
  z.object({ key: z.string(), value: anyValue.optional() }),
);

const attributes = z.array(keyValue).optional();

const spanSchema = z.object({
  traceId: id,
  spanId: id,
  parentSpanId: id.optional(),
  name: z.string(),
  kind: z.union([z.number().int(), z.string()]).optional(),
  startTimeUnixNano: nanos,
  endTimeUnixNano: nanos,
  attributes,
  events: z.array(z.object({ timeUnixNano: nanos, name: z.string().default(''), attributes })).optional(),
  links: z.array(z.object({ traceId: id, spanId: id, attributes })).optional(),
  status: z
    .object({ code: z.union([z.number().int(), z.string()]).optional(), message: z.string().optional() })
    .optional(),
});

const requestSchema = z.object({
  resourceSpans: z
    .array(
      z.object({
        resource: z.object({ attributes }).optional(),
        scopeSpans: z
          .array(
            z.object({
              scope: z.object({ name: z.string().optional() }).optional(),
              spans: z.array(spanSchema).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});

function valueOf(value: AnyValueInput | undefined): AttributeValue {
  if (value === undefined) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(valueOf);
  if (value.kvlistValue !== undefined) return attributeMap(value.kvlistValue.values);
  if (value.bytesValue !== undefined) {
    return typeof value.bytesValue === 'string'
      ? value.bytesValue
      : Buffer.from(value.bytesValue).toString('base64');
  }
  return null;
}

function attributeMap(list: readonly KeyValueInput[] | undefined): Record<string, AttributeValue> {
  const map: Record<string, AttributeValue> = {};
  for (const { key, value } of list ?? []) map[key] = valueOf(value);
  return map;
}

function enumName<T extends string>(names: readonly T[], value: number | string | undefined): T {
  if (typeof value === 'number') return names[value] ?? names[0] ?? ('' as T);
  const lower = (value ?? '').toLowerCase().replace(/^(span_kind_|status_code_)/, '') as T;
  return names.includes(lower) ? lower : (names[0] ?? ('' as T));
}

/** The spans of an OTLP export request, already decoded from JSON or protobuf into objects. */
function spansOf(request: unknown): SpanRecord[] {
  const parsed = requestSchema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new OtlpDecodeError(
      `not an OTLP trace export request: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  }
  const spans: SpanRecord[] = [];
  for (const resourceSpans of parsed.data.resourceSpans ?? []) {
    const resource = attributeMap(resourceSpans.resource?.attributes);
    const serviceName = resource['service.name'];
    const service = typeof serviceName === 'string' ? serviceName : 'unknown';
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      const scope = scopeSpans.scope?.name ?? '';
      for (const span of scopeSpans.spans ?? []) {
        const statusMessage = span.status?.message;
        spans.push({
          traceId: span.traceId,
          spanId: span.spanId,
          ...(span.parentSpanId === undefined || span.parentSpanId === ''
            ? {}
            : { parentSpanId: span.parentSpanId }),
          name: span.name,
          kind: enumName(SPAN_KINDS, span.kind),
          service,
          scope,
          startTimeUnixNano: span.startTimeUnixNano,
          endTimeUnixNano: span.endTimeUnixNano,
          attributes: attributeMap(span.attributes),
          status: {
            code: enumName(STATUS_CODES, span.status?.code),
            ...(statusMessage === undefined || statusMessage === '' ? {} : { message: statusMessage }),
          },
          links: (span.links ?? []).map((link) => ({
            traceId: link.traceId,
            spanId: link.spanId,
            attributes: attributeMap(link.attributes),
          })),
          events: (span.events ?? []).map((event) => ({
            name: event.name,
            timeUnixNano: event.timeUnixNano,
            attributes: attributeMap(event.attributes),
          })),
        });
      }
    }
  }
  const invalid = spans.find(
    (span) => !/^[0-9a-f]{32}$/.test(span.traceId) || !/^[0-9a-f]{16}$/.test(span.spanId),
  );
  if (invalid !== undefined) {
    throw new OtlpDecodeError(`span "${invalid.name}" has a malformed trace or span id`);
  }
  return spans;
}

/** Spans from an OTLP/HTTP JSON body (`application/json`). */
export function decodeOtlpJson(body: string): SpanRecord[] {
  let request: unknown;
  try {
    request = JSON.parse(body);
  } catch (error) {
    throw new OtlpDecodeError(`the body is not JSON: ${(error as Error).message}`);
  }
  return spansOf(request);
}

/** Spans from an OTLP/HTTP protobuf body (`application/x-protobuf`). */
export function decodeOtlpProtobuf(body: Uint8Array): SpanRecord[] {
  const type = exportTraceServiceRequestType();
  let request: unknown;
  try {
    request = type.toObject(type.decode(body), { longs: String, defaults: false, arrays: true });
  } catch (error) {
    throw new OtlpDecodeError(`the body is not an OTLP protobuf message: ${(error as Error).message}`);
  }
  return spansOf(request);
}
