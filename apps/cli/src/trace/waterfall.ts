import type { SpanView, TraceSummary, TraceView } from '@commlab/trace-store';

/** The transport a span crossed, from its semantic-convention attributes ('' = in-process work). */
export function transportOf(span: Pick<SpanView, 'attributes' | 'kind'>): string {
  const { attributes } = span;
  const messaging = attributes['messaging.system'];
  if (typeof messaging === 'string') return messaging;
  const rpc = attributes['rpc.system'];
  if (typeof rpc === 'string') return rpc;
  const db = attributes['db.system.name'] ?? attributes['db.system'];
  if (typeof db === 'string') return db;
  if (
    attributes['http.request.method'] !== undefined ||
    attributes['http.method'] !== undefined ||
    attributes['url.full'] !== undefined
  )
    return 'http';
  return '';
}

function duration(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(1)} ms`;
}

function bar(span: SpanView, totalMs: number, width: number): string {
  if (width === 0) return '';
  const scale = totalMs > 0 ? width / totalMs : 0;
  const from = Math.min(width - 1, Math.floor(span.offsetMs * scale));
  const length = Math.max(1, Math.round(span.durationMs * scale));
  const cells = Math.min(length, width - from);
  return `${' '.repeat(from)}${'█'.repeat(cells)}${' '.repeat(width - from - cells)}│ `;
}

/** One line per trace, for the list of recent ones. */
export function formatTraceList(traces: readonly TraceSummary[]): string[] {
  if (traces.length === 0) return ['No traces in the store yet: place an order, then run pnpm trace again.'];
  return traces.map(
    (trace) =>
      `${trace.traceId}  ${trace.startTime}  ${duration(trace.durationMs).padStart(9)}  ` +
      `${String(trace.spanCount).padStart(4)} spans  ${trace.root.service}: ${trace.root.name}` +
      (trace.orderIds.length > 0 ? `  (order ${trace.orderIds[0] ?? ''})` : ''),
  );
}

/**
 * The waterfall of one trace: a header, then one row per span (depth first, children in start order):
 * where it starts and how long it takes on a bar scaled to the trace, its offset and duration, service,
 * transport, and name indented by depth. An error is marked ✗, a span link ↗ (with what it links to).
 */
export function formatWaterfall(trace: TraceView, width: number): string[] {
  const lines = [
    `trace ${trace.traceId} · ${String(trace.spanCount)} spans · ${duration(trace.durationMs)} · ` +
      `${trace.services.join(', ')}${trace.droppedSpans > 0 ? ` · ${String(trace.droppedSpans)} spans dropped` : ''}`,
  ];
  const serviceWidth = Math.max(7, ...trace.spans.map((span) => span.service.length));
  const transportWidth = Math.max(9, ...trace.spans.map((span) => transportOf(span).length));
  lines.push(
    `${width > 0 ? `${' '.repeat(width)}│ ` : ''}${'offset'.padStart(10)} ${'duration'.padStart(10)}  ` +
      `${'service'.padEnd(serviceWidth)}  ${'transport'.padEnd(transportWidth)}  operation`,
  );
  for (const span of trace.spans) {
    const marks = `${span.status.code === 'error' ? ' ✗' : ''}${span.links.length > 0 ? ` ↗ ${span.links.map((link) => link.traceId.slice(0, 8)).join(',')}` : ''}`;
    lines.push(
      `${bar(span, trace.durationMs, width)}${duration(span.offsetMs).padStart(10)} ${duration(span.durationMs).padStart(10)}  ` +
        `${span.service.padEnd(serviceWidth)}  ${transportOf(span).padEnd(transportWidth)}  ` +
        `${'  '.repeat(span.depth)}${span.depth > 0 ? '└ ' : ''}${span.name}${marks}`,
    );
  }
  return lines;
}
