import {
  addHop,
  addSpanHops,
  callName,
  type HopSpan,
  type Hops,
  rootOf,
  type SpanTree,
  spanTree,
} from './hop-breakdown';

/**
 * Where an order's time goes when it does not end with the first service's answer: from the root span's
 * start to the end of a later span of the same trace (the webhook POST of an async order), along the
 * path that led there — the chain of parents from that span up to the root (POST /orders → transaction →
 * create → the relay's send → the consumer's process → … → deliver webhook → POST). Every millisecond
 * of that window goes to one hop:
 * - while a span of the chain runs, the deepest one running has it, broken down as `hopBreakdown` does
 *   (its own work, database, calls; a later sibling counts from where an earlier one ended);
 * - while none runs, the order waits for the next one: before an outbox relay's `send` span (it carries
 *   `commlab.outbox.wait_ms`) that is `<service> outbox relay wait`; before the consumer of a message or
 *   the server of a call it is the hop of the producer or client (`<service> → <service> (<transport>)`:
 *   the broker held it); before anything else `<service> wait before <span name>` (e.g. the webhook
 *   dispatcher picking the delivery up).
 * Work off the chain that the order did not wait for (the other subscribers, the notification job)
 * counts nothing. The hops add up to the window. Undefined when `end` does not descend from the trace's
 * root (a linked trace not grafted: see linked-traces.ts).
 */
export function pathBreakdown(
  spans: readonly HopSpan[],
  end: HopSpan,
  rename: ReadonlyMap<string, string> = new Map(),
): Hops | undefined {
  const tree = spanTree(spans);
  const chain = chainTo(tree, end);
  const hops: Hops = new Map();
  const [root] = chain;
  if (root === undefined || root.spanId !== rootOf(spans)?.spanId) return undefined;
  // A send on the path is a hop to the service the path continues in (not its first subscriber's).
  const names = new Map(rename);
  chain.forEach((span, index) => {
    const next = chain[index + 1];
    if (!names.has(span.spanId) && isCall(span) && next !== undefined && next.service !== span.service)
      names.set(span.spanId, callName(span, next.service));
  });
  const from = root.offsetMs;
  const to = end.offsetMs + end.durationMs;
  const edges = [
    ...new Set(
      chain
        .flatMap((span) => [span.offsetMs, span.offsetMs + span.durationMs])
        .filter((at) => at > from && at < to),
    ),
  ].sort((a, b) => a - b);
  const bounds = [from, ...edges, to];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const window = { from: bounds[i] ?? from, to: bounds[i + 1] ?? to };
    if (window.to <= window.from) continue;
    addWindow(tree, chain, window, hops, names);
  }
  return hops;
}

/** The span and its ancestors, root first. */
function chainTo(tree: SpanTree, end: HopSpan): HopSpan[] {
  const chain: HopSpan[] = [];
  const seen = new Set<string>();
  for (let span: HopSpan | undefined = end; span !== undefined && !seen.has(span.spanId);) {
    seen.add(span.spanId);
    chain.unshift(span);
    span = span.parentSpanId === undefined ? undefined : tree.byId.get(span.parentSpanId);
  }
  return chain;
}

/** One window in which the same spans of the chain run (none start or end inside it). */
function addWindow(
  tree: SpanTree,
  chain: readonly HopSpan[],
  window: { from: number; to: number },
  hops: Hops,
  rename: ReadonlyMap<string, string>,
): void {
  let reached = 0;
  chain.forEach((span, index) => {
    if (span.offsetMs <= window.from) reached = index;
  });
  for (let index = reached; index >= 0; index--) {
    const span = chain[index];
    if (span !== undefined && span.offsetMs + span.durationMs >= window.to) {
      // A send or call on the path: the path goes on in the next span; what else runs under it (the
      // message's other subscribers) the order does not wait for.
      const name = rename.get(span.spanId);
      if (isCall(span) && name !== undefined) addHop(hops, name, window.to - window.from);
      else addSpanHops(tree, span, window, hops, rename);
      return;
    }
  }
  const last = chain[reached];
  const next = chain[reached + 1];
  if (last === undefined || next === undefined) return;
  addHop(hops, waitName(last, next), window.to - window.from);
}

const isCall = (span: HopSpan) => span.kind === 'producer' || span.kind === 'client';

function waitName(last: HopSpan, next: HopSpan): string {
  if (next.attributes['commlab.outbox.wait_ms'] !== undefined) return `${next.service} outbox relay wait`;
  if (isCall(last) && (next.kind === 'consumer' || next.kind === 'server') && next.service !== last.service)
    return callName(last, next.service);
  return `${next.service} wait before ${next.name}`;
}

/** The name of the webhook call's hop: the receiver is not traced, its address says nothing. */
export const WEBHOOK_HOP = 'order-service → webhook receiver (http)';

/**
 * The webhook POST that delivered an async order's callback: an HTTP client span under order-service's
 * `deliver webhook` span, the last to end when it was retried. Undefined: the trace does not reach it
 * (yet).
 */
export function webhookCall(spans: readonly HopSpan[]): HopSpan | undefined {
  const deliveries = new Set(
    spans.filter((span) => span.name === 'deliver webhook').map((span) => span.spanId),
  );
  return spans
    .filter(
      (span) =>
        span.kind === 'client' &&
        span.parentSpanId !== undefined &&
        deliveries.has(span.parentSpanId) &&
        (span.attributes['http.request.method'] ?? span.attributes['http.method']) !== undefined,
    )
    .sort((a, b) => b.offsetMs + b.durationMs - (a.offsetMs + a.durationMs))[0];
}

/** Hops from POST /orders to the webhook call's end; undefined when the trace does not reach the webhook. */
export function webhookBreakdown(spans: readonly HopSpan[]): Hops | undefined {
  const end = webhookCall(spans);
  if (end === undefined) return undefined;
  return pathBreakdown(spans, end, new Map([[end.spanId, WEBHOOK_HOP]]));
}
