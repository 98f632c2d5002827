/**
 * Where an order's time goes, from its trace: every millisecond of the root span (what the client
 * waited for, as the first service saw it) is given to exactly one hop, so the hops add up to the root's
 * duration. A span's own time (its duration minus what its children cover, clipped to the root) goes to
 * - `<service> → <service> (<transport>)` for a client or producer span: the wire, the broker and the
 *   other side's queueing — what the call cost beyond the callee's own spans;
 * - `<service> database` for a database span;
 * - `<service> own work` for every other span (handlers, validation, serialisation).
 * A span counts only inside its parent's counted time, and siblings one after the other (a child that
 * overlaps an earlier sibling counts from where that one ended): so work the request did not wait for
 * (an outbox relay publishing after the handler returned, consumers reacting to events) counts nothing,
 * and the hops add up to the root's duration.
 */

/** What the breakdown needs of a span (the trace store's SpanView has all of it). */
export interface HopSpan {
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
  kind: string;
  offsetMs: number;
  durationMs: number;
  attributes: Readonly<Record<string, unknown>>;
}

interface Interval {
  from: number;
  to: number;
}

const clip = (interval: Interval, to: Interval): Interval => ({
  from: Math.max(interval.from, to.from),
  to: Math.min(interval.to, to.to),
});

function stringAttribute(span: HopSpan, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = span.attributes[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function transportName(span: HopSpan): string {
  return (
    stringAttribute(span, 'messaging.system', 'rpc.system') ??
    (span.attributes['http.request.method'] !== undefined || span.attributes['http.method'] !== undefined
      ? 'http'
      : 'call')
  );
}

/** The service a client/producer span talks to: its first child in another service, else its peer name. */
function calleeOf(span: HopSpan, children: readonly HopSpan[]): string {
  const remote = children.find((child) => child.service !== span.service);
  if (remote !== undefined) return remote.service;
  return stringAttribute(span, 'peer.service', 'server.address', 'net.peer.name') ?? span.name;
}

function hopName(span: HopSpan, children: readonly HopSpan[]): string {
  if (stringAttribute(span, 'db.system.name', 'db.system') !== undefined) return `${span.service} database`;
  if (span.kind === 'client' || span.kind === 'producer')
    return `${span.service} → ${calleeOf(span, children)} (${transportName(span)})`;
  return `${span.service} own work`;
}

/** The root: the span without a parent in the trace, the earliest if there are several. */
function rootOf(spans: readonly HopSpan[]): HopSpan | undefined {
  const ids = new Set(spans.map((span) => span.spanId));
  return spans
    .filter((span) => span.parentSpanId === undefined || !ids.has(span.parentSpanId))
    .sort((a, b) => a.offsetMs - b.offsetMs)[0];
}

/** Milliseconds per hop inside the root span; the values sum to the root's duration. */
export function hopBreakdown(spans: readonly HopSpan[]): Map<string, number> {
  const root = rootOf(spans);
  const hops = new Map<string, number>();
  if (root === undefined) return hops;
  const children = new Map<string, HopSpan[]>();
  for (const span of spans) {
    if (span.parentSpanId === undefined) continue;
    const list = children.get(span.parentSpanId) ?? [];
    list.push(span);
    children.set(span.parentSpanId, list);
  }
  const visit = (span: HopSpan, counted: Interval) => {
    const kids = [...(children.get(span.spanId) ?? [])].sort((a, b) => a.offsetMs - b.offsetMs);
    let end = counted.from;
    let byKids = 0;
    const kidIntervals: [HopSpan, Interval][] = [];
    for (const kid of kids) {
      const interval = clip(
        { from: Math.max(kid.offsetMs, end), to: kid.offsetMs + kid.durationMs },
        counted,
      );
      if (interval.to <= interval.from) continue;
      kidIntervals.push([kid, interval]);
      byKids += interval.to - interval.from;
      end = interval.to;
    }
    const self = Math.max(0, counted.to - counted.from - byKids);
    if (self > 0) {
      const name = hopName(span, kids);
      hops.set(name, (hops.get(name) ?? 0) + self);
    }
    for (const [kid, interval] of kidIntervals) visit(kid, interval);
  };
  visit(root, { from: root.offsetMs, to: root.offsetMs + root.durationMs });
  return hops;
}
