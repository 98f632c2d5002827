import { ENVELOPE_ATTRIBUTES, type Envelope, type EnvelopeAttributes } from './envelope';
import { type ParseResult, parseMessage } from './parse-message';

/**
 * CloudEvents "binary mode" bindings: the attributes travel as message headers, the payload as the
 * body. Kafka headers use the `ce_` prefix (CloudEvents Kafka binding); AMQP 0-9-1 headers use
 * `cloudEvents_` (CloudEvents AMQP binding) — the tracing extension too (`ce_traceparent`,
 * `cloudEvents_traceparent`: where the message was created). The unprefixed W3C `traceparent` /
 * `tracestate` headers belong to the hop: OpenTelemetry's propagator writes the sending span there and the
 * consumer's instrumentation reads it. They are not attributes of the event, so they are not written
 * here; when a message carries only the W3C header (an older producer), it fills the extension.
 */
export const KAFKA_HEADER_PREFIX = 'ce_';
export const AMQP_HEADER_PREFIX = 'cloudEvents_';
/** The W3C trace-context header of the hop (unprefixed, where propagators look). */
export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';
export const CONTENT_TYPE_HEADER = 'content-type';
const JSON_CONTENT_TYPE = 'application/json';

type HeaderValue = string | Buffer | Uint8Array | number | (string | Buffer)[] | null | undefined;

function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return headerText(value[0]);
  return undefined;
}

function toHeaders(message: Envelope, prefix: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ENVELOPE_ATTRIBUTES) {
    const value = message[name];
    if (value === undefined) continue;
    if (name === 'datacontenttype') headers[CONTENT_TYPE_HEADER] = value;
    else headers[`${prefix}${name}`] = value;
  }
  return headers;
}

function fromHeaders(
  headers: Readonly<Record<string, unknown>>,
  prefix: string,
): Partial<Record<keyof EnvelopeAttributes, string>> {
  const attributes: Partial<Record<keyof EnvelopeAttributes, string>> = {};
  for (const name of ENVELOPE_ATTRIBUTES) {
    const header = name === 'datacontenttype' ? CONTENT_TYPE_HEADER : `${prefix}${name}`;
    const value = headerText(headers[header]);
    if (value !== undefined) attributes[name] = value;
  }
  if (attributes.traceparent === undefined) {
    const traceparent = headerText(headers[TRACEPARENT_HEADER]);
    const tracestate = headerText(headers[TRACESTATE_HEADER]);
    if (traceparent !== undefined) attributes.traceparent = traceparent;
    if (traceparent !== undefined && tracestate !== undefined) attributes.tracestate = tracestate;
  }
  return attributes;
}

function decodeBody(
  body: Buffer | string | null | undefined,
): { ok: true; data: unknown } | { ok: false; result: ParseResult } {
  if (body === null || body === undefined) return { ok: true, data: undefined };
  const text = typeof body === 'string' ? body : body.toString('utf8');
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch {
    // Let parseMessage produce the standard MESSAGE_NOT_JSON error for the body.
    return { ok: false, result: parseMessage(text) };
  }
}

/**
 * The envelope attributes a Kafka record's headers carry, read as text and NOT validated — for what must
 * work before (or without) parsing, such as putting a message's trace and ids on a span.
 */
export function kafkaHeaderAttributes(
  headers: Readonly<Record<string, HeaderValue>> | undefined,
): Partial<Record<keyof EnvelopeAttributes, string>> {
  return fromHeaders(headers ?? {}, KAFKA_HEADER_PREFIX);
}

/** The same for an AMQP message's headers. */
export function amqpHeaderAttributes(
  headers: Readonly<Record<string, unknown>> | undefined,
): Partial<Record<keyof EnvelopeAttributes, string>> {
  return fromHeaders(headers ?? {}, AMQP_HEADER_PREFIX);
}

/** What kafkajs's `producer.send({ messages })` takes. Key = subject, so one aggregate stays in order. */
export interface KafkaRecord {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

export function toKafkaRecord(message: Envelope): KafkaRecord {
  return {
    key: message.subject,
    value: Buffer.from(JSON.stringify(message.data)),
    headers: toHeaders(message, KAFKA_HEADER_PREFIX),
  };
}

/** Accepts a kafkajs `KafkaMessage` (headers as Buffers) or a `KafkaRecord`. */
export function fromKafkaRecord(record: {
  value: Buffer | string | null;
  headers?: Readonly<Record<string, HeaderValue>>;
}): ParseResult {
  const body = decodeBody(record.value);
  if (!body.ok) return body.result;
  return parseMessage({ ...fromHeaders(record.headers ?? {}, KAFKA_HEADER_PREFIX), data: body.data });
}

/** What amqplib's `channel.publish(exchange, key, content, options)` takes. */
export interface AmqpMessage {
  content: Buffer;
  options: {
    messageId: string;
    type: string;
    contentType: typeof JSON_CONTENT_TYPE;
    /** AMQP timestamps are whole seconds; the exact time is in the `cloudEvents_time` header. */
    timestamp: number;
    headers: Record<string, string>;
  };
}

export function toAmqpMessage(message: Envelope): AmqpMessage {
  return {
    content: Buffer.from(JSON.stringify(message.data)),
    options: {
      messageId: message.id,
      type: message.type,
      contentType: JSON_CONTENT_TYPE,
      timestamp: Math.floor(Date.parse(message.time) / 1000),
      headers: toHeaders(message, AMQP_HEADER_PREFIX),
    },
  };
}

/** Accepts an amqplib `ConsumeMessage` (or anything with `content` and `properties.headers`). */
export function fromAmqpMessage(message: {
  content: Buffer;
  properties: { headers?: Readonly<Record<string, unknown>> | undefined; contentType?: unknown };
}): ParseResult {
  const body = decodeBody(message.content);
  if (!body.ok) return body.result;
  const attributes = fromHeaders(message.properties.headers ?? {}, AMQP_HEADER_PREFIX);
  if (attributes.datacontenttype === undefined && typeof message.properties.contentType === 'string') {
    attributes.datacontenttype = message.properties.contentType;
  }
  return parseMessage({ ...attributes, data: body.data });
}
