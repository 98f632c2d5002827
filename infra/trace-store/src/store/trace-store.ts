import type { SpanRecord } from '../otlp/span-record';

export interface TraceStoreLimits {
  /** Traces kept; past it the one least recently added to goes (default 1 000). */
  maxTraces?: number;
  /** Spans kept per trace; later ones are counted as dropped (default 2 000). */
  maxSpansPerTrace?: number;
}

/** Span attributes whose values find a trace by order id (`?orderId=`). */
export const ORDER_ID_ATTRIBUTES = ['commlab.order.id', 'commlab.message.subject'] as const;
/** Span attributes whose values find a trace by correlation id (`?correlationId=`). */
export const CORRELATION_ID_ATTRIBUTES = [
  'commlab.correlation_id',
  'messaging.message.conversation_id',
] as const;

export interface StoredTrace {
  traceId: string;
  spans: SpanRecord[];
  /** Spans refused because the trace was full. */
  droppedSpans: number;
  /** When the store last received a span of it (ms since the epoch). */
  updatedAt: number;
}

type IndexName = 'orderId' | 'correlationId';

/**
 * Recent traces in bounded memory: at most `maxTraces` traces of at most `maxSpansPerTrace` spans each;
 * adding a span to a trace makes it the most recent, and the least recent trace goes when one more
 * arrives. Traces are also found by order id and by correlation id (span attributes), the ids a user has
 * at hand after placing an order.
 */
export class TraceStore {
  private readonly maxTraces: number;
  private readonly maxSpansPerTrace: number;
  /** Insertion order = recency (a Map iterates oldest first; re-inserting moves a trace to the end). */
  private readonly traces = new Map<string, StoredTrace>();
  private readonly indexes: Record<IndexName, Map<string, Set<string>>> = {
    orderId: new Map(),
    correlationId: new Map(),
  };
  private received = 0;
  private evicted = 0;

  constructor(limits: TraceStoreLimits = {}) {
    this.maxTraces = limits.maxTraces ?? 1_000;
    this.maxSpansPerTrace = limits.maxSpansPerTrace ?? 2_000;
    if (!Number.isInteger(this.maxTraces) || this.maxTraces < 1)
      throw new RangeError('maxTraces must be ≥ 1.');
    if (!Number.isInteger(this.maxSpansPerTrace) || this.maxSpansPerTrace < 1) {
      throw new RangeError('maxSpansPerTrace must be ≥ 1.');
    }
  }

  add(spans: readonly SpanRecord[], now = Date.now()): void {
    for (const span of spans) {
      this.received += 1;
      let stored = this.traces.get(span.traceId);
      if (stored === undefined) {
        stored = { traceId: span.traceId, spans: [], droppedSpans: 0, updatedAt: now };
      } else {
        this.traces.delete(span.traceId);
      }
      this.traces.set(span.traceId, stored);
      stored.updatedAt = now;
      if (stored.spans.some((known) => known.spanId === span.spanId)) continue;
      if (stored.spans.length >= this.maxSpansPerTrace) {
        stored.droppedSpans += 1;
        continue;
      }
      stored.spans.push(span);
      this.index('orderId', ORDER_ID_ATTRIBUTES, span);
      this.index('correlationId', CORRELATION_ID_ATTRIBUTES, span);
    }
    while (this.traces.size > this.maxTraces) {
      const oldest = this.traces.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
  }

  get(traceId: string): StoredTrace | undefined {
    return this.traces.get(traceId.toLowerCase());
  }

  /** The most recently updated traces first. */
  recent(limit: number): StoredTrace[] {
    return [...this.traces.values()].reverse().slice(0, limit);
  }

  /** Traces with a span naming this order id (or correlation id), most recently updated first. */
  find(index: IndexName, value: string): StoredTrace[] {
    const ids = this.indexes[index].get(value) ?? new Set<string>();
    return [...ids]
      .map((traceId) => this.traces.get(traceId))
      .filter((trace): trace is StoredTrace => trace !== undefined)
      .sort((a, b) => b.updatedAt - a.updatedAt);
  }

  stats(): { traces: number; spans: number; receivedSpans: number; evictedTraces: number } {
    let spans = 0;
    for (const trace of this.traces.values()) spans += trace.spans.length;
    return { traces: this.traces.size, spans, receivedSpans: this.received, evictedTraces: this.evicted };
  }

  private index(name: IndexName, attributes: readonly string[], span: SpanRecord): void {
    for (const attribute of attributes) {
      const value = span.attributes[attribute];
      if (typeof value !== 'string' || value === '') continue;
      const ids = this.indexes[name].get(value) ?? new Set<string>();
      ids.add(span.traceId);
      this.indexes[name].set(value, ids);
    }
  }

  private remove(traceId: string): void {
    const stored = this.traces.get(traceId);
    this.traces.delete(traceId);
    this.evicted += 1;
    if (stored === undefined) return;
    for (const index of Object.values(this.indexes)) {
      for (const span of stored.spans) {
        for (const value of Object.values(span.attributes)) {
          if (typeof value !== 'string') continue;
          const ids = index.get(value);
          if (ids === undefined) continue;
          ids.delete(traceId);
          if (ids.size === 0) index.delete(value);
        }
      }
    }
  }
}
