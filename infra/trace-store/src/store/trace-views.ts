import type { SpanRecord } from '../otlp/span-record';
import { CORRELATION_ID_ATTRIBUTES, ORDER_ID_ATTRIBUTES, type StoredTrace } from './trace-store';

/**
 * The JSON the store serves (docs/tracing.md, "The trace store's HTTP API"): a summary per trace in
 * lists, the spans of one trace in full, times as offsets from the trace's first span.
 */
export interface TraceSummary {
  traceId: string;
  /** The span without a parent in this trace (else the earliest). */
  root: { name: string; service: string };
  services: string[];
  /** ISO time of the earliest span's start. */
  startTime: string;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  droppedSpans: number;
  /** Order ids (and message subjects) and correlation ids its spans name: what `?orderId=` / `?correlationId=` match. */
  orderIds: string[];
  correlationIds: string[];
}

export interface SpanView extends SpanRecord {
  /** Milliseconds from the trace's first span to this one's start. */
  offsetMs: number;
  durationMs: number;
  /** 0 for a root; its parent's depth + 1 (a span whose parent is not in the store counts as a root). */
  depth: number;
}

export interface TraceView extends TraceSummary {
  /** Depth-first, children in start order: the waterfall's rows, top to bottom. */
  spans: SpanView[];
}

const NS_PER_MS = 1_000_000n;

function ms(nanos: bigint): number {
  return Number(nanos / 1_000n) / 1_000;
}

function stringValues(spans: readonly SpanRecord[], attributes: readonly string[]): string[] {
  const values = new Set<string>();
  for (const span of spans) {
    for (const attribute of attributes) {
      const value = span.attributes[attribute];
      if (typeof value === 'string' && value !== '') values.add(value);
    }
  }
  return [...values];
}

function bounds(spans: readonly SpanRecord[]): { start: bigint; end: bigint } {
  let start: bigint | undefined;
  let end = 0n;
  for (const span of spans) {
    const s = BigInt(span.startTimeUnixNano);
    const e = BigInt(span.endTimeUnixNano);
    if (start === undefined || s < start) start = s;
    if (e > end) end = e;
  }
  return { start: start ?? 0n, end: end > (start ?? 0n) ? end : (start ?? 0n) };
}

function byStart(a: SpanRecord, b: SpanRecord): number {
  const diff = BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

export function summarize(trace: StoredTrace): TraceSummary {
  const { spans } = trace;
  const { start, end } = bounds(spans);
  const ids = new Set(spans.map((span) => span.spanId));
  const root =
    [...spans].sort(byStart).find((span) => span.parentSpanId === undefined || !ids.has(span.parentSpanId)) ??
    spans[0];
  return {
    traceId: trace.traceId,
    root: { name: root?.name ?? '', service: root?.service ?? '' },
    services: [...new Set(spans.map((span) => span.service))],
    startTime: new Date(Number(start / NS_PER_MS)).toISOString(),
    durationMs: ms(end - start),
    spanCount: spans.length,
    errorCount: spans.filter((span) => span.status.code === 'error').length,
    droppedSpans: trace.droppedSpans,
    orderIds: stringValues(spans, ORDER_ID_ATTRIBUTES),
    correlationIds: stringValues(spans, CORRELATION_ID_ATTRIBUTES),
  };
}

export function traceView(trace: StoredTrace): TraceView {
  const { start } = bounds(trace.spans);
  const ids = new Set(trace.spans.map((span) => span.spanId));
  const children = new Map<string, SpanRecord[]>();
  const roots: SpanRecord[] = [];
  for (const span of [...trace.spans].sort(byStart)) {
    if (span.parentSpanId === undefined || !ids.has(span.parentSpanId)) roots.push(span);
    else children.set(span.parentSpanId, [...(children.get(span.parentSpanId) ?? []), span]);
  }
  const rows: SpanView[] = [];
  const visit = (span: SpanRecord, depth: number) => {
    const spanStart = BigInt(span.startTimeUnixNano);
    rows.push({
      ...span,
      offsetMs: ms(spanStart - start),
      durationMs: ms(BigInt(span.endTimeUnixNano) - spanStart),
      depth,
    });
    for (const child of children.get(span.spanId) ?? []) visit(child, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  return { ...summarize(trace), spans: rows };
}
