import type { HopSpan } from './hop-breakdown';

/** A trace as the store serves it: its id and spans (offsets from its own first span). */
export interface TraceSpans {
  traceId: string;
  spans: readonly HopSpan[];
}

const startNs = (span: HopSpan): bigint | undefined =>
  span.startTimeUnixNano === undefined ? undefined : BigInt(span.startTimeUnixNano);

function earliestNs(spans: readonly HopSpan[]): bigint | undefined {
  let earliest: bigint | undefined;
  for (const span of spans) {
    const at = startNs(span);
    if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
  }
  return earliest;
}

/**
 * One order's trace with the traces linked into it: a fan-out subscriber (a choreographed inventory
 * reacting to OrderAccepted, reporting, notification) starts a trace of its own whose root links to the
 * delivery span in the sender's trace (docs/tracing.md). Each linked trace whose root links (`delivery`
 * first, else any link) to a span already in the result is added with its root as a child of that span,
 * its offsets moved onto `own`'s clock (from the spans' absolute start times), until no more link in.
 * Traces that link to nothing in it are left out.
 */
export function withLinkedTraces(own: TraceSpans, others: readonly TraceSpans[]): HopSpan[] {
  const origin = earliestNs(own.spans);
  const merged: HopSpan[] = [...own.spans];
  const ids = new Set(merged.map((span) => span.spanId));
  if (origin === undefined) return merged;
  let pending = others.filter((trace) => trace.traceId !== own.traceId);
  for (let added = true; added;) {
    added = false;
    const left: TraceSpans[] = [];
    for (const trace of pending) {
      const graft = graftPoint(trace, ids);
      if (graft === undefined) {
        left.push(trace);
        continue;
      }
      for (const span of trace.spans) {
        const at = startNs(span);
        merged.push({
          ...span,
          ...(span.spanId === graft.rootId ? { parentSpanId: graft.parentId } : {}),
          offsetMs: at === undefined ? span.offsetMs : Number(at - origin) / 1e6,
        });
        ids.add(span.spanId);
      }
      added = true;
    }
    pending = left;
  }
  return merged;
}

/** Where a linked trace hangs: its root's link to a span in `ids`, the delivery link preferred. */
function graftPoint(
  trace: TraceSpans,
  ids: ReadonlySet<string>,
): { rootId: string; parentId: string } | undefined {
  const inTrace = new Set(trace.spans.map((span) => span.spanId));
  const root = trace.spans.find((span) => span.parentSpanId === undefined || !inTrace.has(span.parentSpanId));
  const links = (root?.links ?? []).filter((link) => ids.has(link.spanId));
  const link = links.find((candidate) => candidate.attributes['commlab.link'] === 'delivery') ?? links[0];
  return root === undefined || link === undefined
    ? undefined
    : { rootId: root.spanId, parentId: link.spanId };
}
