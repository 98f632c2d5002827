/** A span attribute value as OTLP carries it (arrays and maps flattened to JSON-friendly values). */
export type AttributeValue =
  string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };

export type SpanKindName = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

export const SPAN_KINDS: readonly SpanKindName[] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];

export type StatusCodeName = 'unset' | 'ok' | 'error';

export const STATUS_CODES: readonly StatusCodeName[] = ['unset', 'ok', 'error'];

export interface SpanLinkRecord {
  traceId: string;
  spanId: string;
  attributes: Record<string, AttributeValue>;
}

export interface SpanEventRecord {
  name: string;
  timeUnixNano: string;
  attributes: Record<string, AttributeValue>;
}

/** One span as the store keeps it: ids in lowercase hex, times as decimal nanoseconds since the epoch. */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: SpanKindName;
  /** `service.name` of the resource that sent it. */
  service: string;
  /** The instrumentation scope (e.g. `@opentelemetry/instrumentation-http`, `@commlab/messaging`). */
  scope: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Record<string, AttributeValue>;
  status: { code: StatusCodeName; message?: string };
  links: SpanLinkRecord[];
  events: SpanEventRecord[];
}
