/**
 * Where an order's time goes, from its trace: every millisecond of the root span (what the client
 * waited for, as the first service saw it) is given to exactly one hop, so the hops add up to the root's
 * duration. A span's own time (its duration minus what its children cover, clipped to the root) goes to
 * - `<service> → <service> (<transport>)` for a client or producer span: the wire, the broker and the
 *   other side's queueing — what the call cost beyond the callee's own spans;
 * - `<service> database` for a PostgreSQL span, `<service> <system>` for another store's (`redis`: the live
 *   feed's publish);
 * - `<service> own work` for every other span (handlers, validation, serialisation).
 * A span counts only inside its parent's counted time, and siblings one after the other (a child that
 * overlaps an earlier sibling counts from where that one ended); a child that ends after its parent was
 * not awaited and counts nothing, nor does the live feed's Redis PUBLISH (fire-and-forget by design). So work the request did not
 * wait for (an outbox relay publishing after the handler returned, consumers reacting to events) counts
 * nothing, and the hops add up to the root's duration. A request-reply over a broker (RabbitMQ or Kafka
 * RPC) is awaited until its reply arrives back in the caller's service: the producer span's hop runs
 * until then (the broker both ways and the reply's publish).
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
  /** Absolute start (ns since the epoch, as text), to line up spans of linked traces. */
  startTimeUnixNano?: string;
  /** Span links: a fan-out subscriber's root links to the delivery span in the sender's trace. */
  links?: readonly { traceId: string; spanId: string; attributes: Readonly<Record<string, unknown>> }[];
}

export interface Interval {
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

/** A client or producer span's hop: `<service> → <callee> (<transport>)`. */
export function callName(span: HopSpan, callee: string): string {
  return `${span.service} → ${callee} (${transportName(span)})`;
}

/** The creation of a message (its context goes into the outbox row): part of the transaction's work. */
const isCreate = (span: HopSpan) => span.attributes['messaging.operation.type'] === 'create';

export function hopName(span: HopSpan, children: readonly HopSpan[]): string {
  const database = stringAttribute(span, 'db.system.name', 'db.system');
  if (database !== undefined)
    return database === 'postgresql' ? `${span.service} database` : `${span.service} ${database}`;
  if ((span.kind === 'client' || span.kind === 'producer') && !isCreate(span))
    return callName(span, calleeOf(span, children));
  return `${span.service} own work`;
}

/** The root: the span without a parent in the trace, the earliest if there are several. */
export function rootOf(spans: readonly HopSpan[]): HopSpan | undefined {
  const ids = new Set(spans.map((span) => span.spanId));
  return spans
    .filter((span) => span.parentSpanId === undefined || !ids.has(span.parentSpanId))
    .sort((a, b) => a.offsetMs - b.offsetMs)[0];
}

/** A trace's spans by id and their children (in start order), for walking it. */
export interface SpanTree {
  byId: ReadonlyMap<string, HopSpan>;
  children(span: HopSpan): readonly HopSpan[];
}

export function spanTree(spans: readonly HopSpan[]): SpanTree {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const children = new Map<string, HopSpan[]>();
  for (const span of spans) {
    if (span.parentSpanId === undefined) continue;
    const list = children.get(span.parentSpanId) ?? [];
    list.push(span);
    children.set(span.parentSpanId, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.offsetMs - b.offsetMs);
  return { byId, children: (span) => children.get(span.spanId) ?? [] };
}

/** Milliseconds per hop; `add` sums into it. */
export type Hops = Map<string, number>;

export function addHop(hops: Hops, name: string, ms: number): void {
  if (ms > 0) hops.set(name, (hops.get(name) ?? 0) + ms);
}

/**
 * Gives every millisecond of `window` inside `span` to one hop (the rules of the file comment), adding
 * to `hops`; `rename` names a span's own time instead of its hop name (e.g. the call to an untraced
 * webhook receiver).
 */
/** Children ending later than this after their parent were not awaited by it (starts are whole ms). */
const NOT_AWAITED_MS = 1;

/** A live-feed line: Redis Pub/Sub PUBLISH, fire-and-forget by design (@commlab/messaging-redis LiveFeed). */
const isLiveFeedPublish = (span: HopSpan) =>
  span.name === 'publish' && stringAttribute(span, 'db.system.name', 'db.system') === 'redis';

/**
 * Until when the caller waited on a call: its span's end, or for a request-reply over a broker (a
 * producer span whose reply comes back as a consumer span in the caller's service, through spans of
 * other services only) the reply's end. Outbox sends and message creations are one-way.
 */
function awaitedUntil(tree: SpanTree, span: HopSpan): number {
  let until = span.offsetMs + span.durationMs;
  if (span.kind !== 'producer' || isCreate(span) || span.attributes['commlab.outbox.wait_ms'] !== undefined)
    return until;
  const visit = (parent: HopSpan) => {
    for (const kid of tree.children(parent)) {
      if (kid.service !== span.service) visit(kid);
      else if (kid.kind === 'consumer') until = Math.max(until, kid.offsetMs + kid.durationMs);
    }
  };
  visit(span);
  return until;
}

export function addSpanHops(
  tree: SpanTree,
  span: HopSpan,
  window: Interval,
  hops: Hops,
  rename: ReadonlyMap<string, string> = new Map(),
): void {
  const kids = tree.children(span);
  let end = window.from;
  let byKids = 0;
  const kidIntervals: [HopSpan, Interval][] = [];
  // A call awaited past its own span's end (a reply over a broker) has the window to then.
  const spanEnd = Math.max(span.offsetMs + span.durationMs, window.to);
  for (const kid of kids) {
    const kidEnd = kid.offsetMs + kid.durationMs;
    if (kidEnd > spanEnd + NOT_AWAITED_MS || isLiveFeedPublish(kid)) continue;
    const interval = clip({ from: Math.max(kid.offsetMs, end), to: awaitedUntil(tree, kid) }, window);
    if (interval.to <= interval.from) continue;
    kidIntervals.push([kid, interval]);
    byKids += interval.to - interval.from;
    end = interval.to;
  }
  addHop(hops, rename.get(span.spanId) ?? hopName(span, kids), Math.max(0, window.to - window.from - byKids));
  for (const [kid, interval] of kidIntervals) addSpanHops(tree, kid, interval, hops, rename);
}

/** Milliseconds per hop inside the root span; the values sum to the root's duration. */
export function hopBreakdown(spans: readonly HopSpan[]): Hops {
  const root = rootOf(spans);
  const hops: Hops = new Map();
  if (root === undefined) return hops;
  addSpanHops(spanTree(spans), root, { from: root.offsetMs, to: root.offsetMs + root.durationMs }, hops);
  return hops;
}
