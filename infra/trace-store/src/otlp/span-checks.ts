import { OtlpDecodeError } from './otlp-decode-error';
import type { SpanRecord } from './span-record';

/** The name an OTLP enum number stands for (an unknown number: the first, "unspecified"/"unset"). */
export function nameAt<T extends string>(names: readonly T[], value: number): T {
  return names[value] ?? names[0] ?? ('' as T);
}

/** An OTLP/JSON enum: its number, or its name with or without the `SPAN_KIND_` / `STATUS_CODE_` prefix. */
export function enumName<T extends string>(names: readonly T[], value: number | string | undefined): T {
  if (typeof value === 'number') return nameAt(names, value);
  const lower = (value ?? '').toLowerCase().replace(/^(span_kind_|status_code_)/, '') as T;
  return names.includes(lower) ? lower : nameAt(names, 0);
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

/** The spans, once every one has a well-formed trace and span id (the store's keys). */
export function checkedSpans(spans: SpanRecord[]): SpanRecord[] {
  for (const span of spans) {
    if (!TRACE_ID.test(span.traceId) || !SPAN_ID.test(span.spanId)) {
      throw new OtlpDecodeError(`span "${span.name}" has a malformed trace or span id`);
    }
  }
  return spans;
}
