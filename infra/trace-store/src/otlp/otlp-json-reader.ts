import { OtlpDecodeError } from './otlp-decode-error';
import { type AttributeValue, SPAN_KINDS, type SpanRecord, STATUS_CODES } from './span-record';
import { checkedSpans, enumName } from './span-checks';

/**
 * OTLP/JSON read into span records in one walk that checks the type of every field it reads — and only
 * those: a field the store does not keep is not looked at. A wrong type is refused with its path, e.g.
 * `resourceSpans.0.scopeSpans.0.spans.3.name: expected a string`.
 */

type Json = Record<string, unknown>;

function refuse(path: string, expected: string): never {
  throw new OtlpDecodeError(`not an OTLP trace export request: ${path}: expected ${expected}`);
}

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse(path, 'an object');
  return value as Json;
}

function optionalObject(value: unknown, path: string): Json | undefined {
  return value === undefined ? undefined : object(value, path);
}

function list(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) refuse(path, 'an array');
  return value;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') refuse(path, 'a string');
  return value;
}

function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : string(value, path);
}

function enumValue(value: unknown, path: string): number | string | undefined {
  if (value === undefined || typeof value === 'string' || Number.isInteger(value)) {
    return value as number | string | undefined;
  }
  return refuse(path, 'an integer or a name');
}

const HEX = /^[0-9a-fA-F]*$/;

/** Ids: lowercase hex in OTLP/JSON (and base64 from some JSON encoders). */
function id(value: unknown, path: string): string {
  const text = string(value, path);
  if (HEX.test(text)) return text.toLowerCase();
  const decoded = Buffer.from(text, 'base64');
  if (decoded.toString('base64').replace(/=+$/, '') !== text.replace(/=+$/, '')) {
    refuse(path, 'an id in hex or base64');
  }
  return decoded.toString('hex');
}

const DIGITS = /^\d+$/;

/** Nanosecond times: decimal strings (OTLP/JSON's 64-bit integers) or numbers, as a decimal string. */
function nanos(value: unknown, path: string): string {
  if (typeof value === 'string' && DIGITS.test(value)) return value.replace(/^0+(?=\d)/, '');
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value).toString();
  return refuse(path, 'nanoseconds as a decimal string or a non-negative integer');
}

function anyValue(input: unknown, path: string): AttributeValue {
  const value = object(input, path);
  if (value.stringValue !== undefined) return string(value.stringValue, `${path}.stringValue`);
  if (value.boolValue !== undefined) {
    if (typeof value.boolValue !== 'boolean') refuse(`${path}.boolValue`, 'a boolean');
    return value.boolValue;
  }
  if (value.intValue !== undefined) {
    if (typeof value.intValue !== 'string' && typeof value.intValue !== 'number') {
      refuse(`${path}.intValue`, 'an integer');
    }
    return Number(value.intValue);
  }
  if (value.doubleValue !== undefined) {
    if (typeof value.doubleValue !== 'number') refuse(`${path}.doubleValue`, 'a number');
    return value.doubleValue;
  }
  if (value.arrayValue !== undefined) {
    const array = object(value.arrayValue, `${path}.arrayValue`);
    return list(array.values, `${path}.arrayValue.values`).map((item, index) =>
      anyValue(item, `${path}.arrayValue.values.${String(index)}`),
    );
  }
  if (value.kvlistValue !== undefined) {
    const kvlist = object(value.kvlistValue, `${path}.kvlistValue`);
    return attributes(kvlist.values, `${path}.kvlistValue.values`);
  }
  if (value.bytesValue !== undefined) return string(value.bytesValue, `${path}.bytesValue`);
  return null;
}

function attributes(input: unknown, path: string): Record<string, AttributeValue> {
  const map: Record<string, AttributeValue> = {};
  list(input, path).forEach((item, index) => {
    const at = `${path}.${String(index)}`;
    const pair = object(item, at);
    map[string(pair.key, `${at}.key`)] =
      pair.value === undefined ? null : anyValue(pair.value, `${at}.value`);
  });
  return map;
}

function span(input: unknown, path: string, service: string, scope: string): SpanRecord {
  const value = object(input, path);
  const parentSpanId = value.parentSpanId === undefined ? '' : id(value.parentSpanId, `${path}.parentSpanId`);
  const status = optionalObject(value.status, `${path}.status`);
  const statusMessage = optionalString(status?.message, `${path}.status.message`);
  return {
    traceId: id(value.traceId, `${path}.traceId`),
    spanId: id(value.spanId, `${path}.spanId`),
    ...(parentSpanId === '' ? {} : { parentSpanId }),
    name: string(value.name, `${path}.name`),
    kind: enumName(SPAN_KINDS, enumValue(value.kind, `${path}.kind`)),
    service,
    scope,
    startTimeUnixNano: nanos(value.startTimeUnixNano, `${path}.startTimeUnixNano`),
    endTimeUnixNano: nanos(value.endTimeUnixNano, `${path}.endTimeUnixNano`),
    attributes: attributes(value.attributes, `${path}.attributes`),
    status: {
      code: enumName(STATUS_CODES, enumValue(status?.code, `${path}.status.code`)),
      ...(statusMessage === undefined || statusMessage === '' ? {} : { message: statusMessage }),
    },
    links: list(value.links, `${path}.links`).map((item, index) => {
      const at = `${path}.links.${String(index)}`;
      const link = object(item, at);
      return {
        traceId: id(link.traceId, `${at}.traceId`),
        spanId: id(link.spanId, `${at}.spanId`),
        attributes: attributes(link.attributes, `${at}.attributes`),
      };
    }),
    events: list(value.events, `${path}.events`).map((item, index) => {
      const at = `${path}.events.${String(index)}`;
      const event = object(item, at);
      return {
        name: optionalString(event.name, `${at}.name`) ?? '',
        timeUnixNano: nanos(event.timeUnixNano, `${at}.timeUnixNano`),
        attributes: attributes(event.attributes, `${at}.attributes`),
      };
    }),
  };
}

/** Spans from an OTLP/HTTP JSON body (`application/json`). */
export function decodeOtlpJson(body: string): SpanRecord[] {
  let request: unknown;
  try {
    request = JSON.parse(body);
  } catch (error) {
    throw new OtlpDecodeError(`the body is not JSON: ${(error as Error).message}`);
  }
  const spans: SpanRecord[] = [];
  list(object(request, '(body)').resourceSpans, 'resourceSpans').forEach((item, r) => {
    const at = `resourceSpans.${String(r)}`;
    const resourceSpans = object(item, at);
    const resource = optionalObject(resourceSpans.resource, `${at}.resource`);
    const serviceName = attributes(resource?.attributes, `${at}.resource.attributes`)['service.name'];
    const service = typeof serviceName === 'string' ? serviceName : 'unknown';
    list(resourceSpans.scopeSpans, `${at}.scopeSpans`).forEach((scopeItem, s) => {
      const scopeAt = `${at}.scopeSpans.${String(s)}`;
      const scopeSpans = object(scopeItem, scopeAt);
      const scope = optionalObject(scopeSpans.scope, `${scopeAt}.scope`);
      const scopeName = optionalString(scope?.name, `${scopeAt}.scope.name`) ?? '';
      list(scopeSpans.spans, `${scopeAt}.spans`).forEach((spanItem, index) => {
        spans.push(span(spanItem, `${scopeAt}.spans.${String(index)}`, service, scopeName));
      });
    });
  });
  return checkedSpans(spans);
}
