import type { SpanView, TraceView } from '@commlab/trace-store';
import { waitFor } from '@commlab/testing';

/** The span of `trace` that matches, or a failure that prints the waterfall. */
export function spanOf(trace: TraceView, what: string, match: (span: SpanView) => boolean): SpanView {
  const span = trace.spans.find(match);
  if (span === undefined) {
    const rows = trace.spans.map((s) => `${'  '.repeat(s.depth)}${s.service}: ${s.name} (${s.kind})`);
    throw new Error(`no span for ${what} in trace ${trace.traceId}:\n${rows.join('\n')}`);
  }
  return span;
}

/** True when `descendant` is below `ancestor` in the trace's tree. */
export function isBelow(trace: TraceView, descendant: SpanView, ancestor: SpanView): boolean {
  const byId = new Map(trace.spans.map((span) => [span.spanId, span]));
  for (let at = descendant.parentSpanId; at !== undefined; at = byId.get(at)?.parentSpanId) {
    if (at === ancestor.spanId) return true;
  }
  return false;
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  return response.ok ? response.json() : undefined;
}

/** The one trace that names `orderId`, once `ready` says it is complete. */
export async function traceOfOrder(
  storeUrl: string,
  orderId: string,
  ready: (trace: TraceView) => boolean,
  description: string,
): Promise<TraceView> {
  let last: TraceView | undefined;
  await waitFor(
    async () => {
      const list = (await fetchJson(`${storeUrl}/api/traces?orderId=${orderId}`)) as
        { traces: { traceId: string; root: { name: string } }[] } | undefined;
      const own = list?.traces.find((trace) => trace.root.name.startsWith('POST'));
      if (own === undefined) return false;
      last = ((await fetchJson(`${storeUrl}/api/traces/${own.traceId}`)) as { trace: TraceView }).trace;
      return ready(last);
    },
    { timeoutMs: 20_000, intervalMs: 250, description },
  ).catch((error: unknown) => {
    const rows = last?.spans.map((s) => `${'  '.repeat(s.depth)}${s.service}: ${s.name}`) ?? ['(no trace)'];
    throw new Error(`${String(error)}\n${rows.join('\n')}`);
  });
  if (last === undefined) throw new Error(`no trace for order ${orderId}`);
  return last;
}

/**
 * A sync order over gRPC is ONE trace, and its tree is the call graph: order-service's POST /orders is
 * the root; under it the gRPC client calls VerifyToken and ReserveStock, each with the callee's server
 * span as child; under inventory's server span its transaction and PGlite queries; under order's, the
 * transaction that stores the order and creates its messages (outbox).
 */
export async function expectSyncOrderTrace(storeUrl: string, orderId: string): Promise<string> {
  const trace = await traceOfOrder(
    storeUrl,
    orderId,
    (t) =>
      t.services.includes('auth-service') &&
      t.services.includes('inventory-service') &&
      t.spans.some((s) => s.name.startsWith('create commlab.order.placed')),
    'the sync order trace with order, auth and inventory spans',
  );
  const root = spanOf(trace, 'POST /orders', (s) => s.depth === 0);
  expect([root.service, root.kind, root.name]).toEqual(['order-service', 'server', 'POST /orders']);
  const verifyServer = spanOf(
    trace,
    'auth VerifyToken (server)',
    (s) => s.service === 'auth-service' && s.kind === 'server' && s.name.includes('VerifyToken'),
  );
  const verifyClient = spanOf(trace, 'VerifyToken (client)', (s) => s.spanId === verifyServer.parentSpanId);
  expect([verifyClient.service, verifyClient.kind]).toEqual(['order-service', 'client']);
  const reserveServer = spanOf(
    trace,
    'inventory ReserveStock (server)',
    (s) => s.service === 'inventory-service' && s.kind === 'server' && s.name.includes('ReserveStock'),
  );
  expect(isBelow(trace, reserveServer, root)).toBe(true);
  const inventoryTx = spanOf(
    trace,
    "inventory's transaction",
    (s) => s.service === 'inventory-service' && s.name === 'transaction' && isBelow(trace, s, reserveServer),
  );
  const pglite = spanOf(
    trace,
    "inventory's PGlite queries",
    (s) =>
      s.service === 'inventory-service' && s.name.startsWith('pg.query:') && isBelow(trace, s, inventoryTx),
  );
  expect(pglite.attributes).toMatchObject({ 'db.system.name': 'postgresql', 'commlab.db.engine': 'pglite' });
  const created = spanOf(trace, 'OrderPlaced created in the outbox', (s) =>
    s.name.startsWith('create commlab.order.placed'),
  );
  expect(created.attributes).toMatchObject({ 'commlab.message.subject': orderId });
  expect(isBelow(trace, created, root)).toBe(true);
  return trace.traceId;
}

/** The span whose id is `spanId`'s parent… up to the root: true when `child` is directly under `parent`. */
export function isChildOf(child: SpanView, parent: SpanView): boolean {
  return child.parentSpanId === parent.spanId;
}

/** Every trace naming `orderId` (its own and the linked ones), in full. */
export async function tracesOfOrder(storeUrl: string, orderId: string): Promise<TraceView[]> {
  const list = (await fetchJson(`${storeUrl}/api/traces?orderId=${orderId}`)) as
    { traces: { traceId: string }[] } | undefined;
  const traces: TraceView[] = [];
  for (const { traceId } of list?.traces ?? []) {
    const one = (await fetchJson(`${storeUrl}/api/traces/${traceId}`)) as { trace: TraceView } | undefined;
    if (one !== undefined) traces.push(one.trace);
  }
  return traces;
}

/**
 * Broker request-reply continues the caller's trace: inventory's handling of the request (`consumer`)
 * sits below order-service's POST /orders, and so does order's processing of the reply.
 */
export async function expectRequestReplyTrace(
  storeUrl: string,
  orderId: string,
  request: { consumer: (span: SpanView) => boolean; reply?: (span: SpanView) => boolean },
): Promise<void> {
  const trace = await traceOfOrder(
    storeUrl,
    orderId,
    (t) =>
      t.spans.some(request.consumer) && t.spans.some((s) => s.name.startsWith('create commlab.order.placed')),
    'the request-reply order trace',
  );
  const root = spanOf(trace, 'POST /orders', (s) => s.depth === 0);
  const served = spanOf(trace, "inventory's handling of the request", request.consumer);
  expect([served.service, served.kind]).toEqual(['inventory-service', 'consumer']);
  expect(isBelow(trace, served, root)).toBe(true);
  if (request.reply !== undefined) {
    expect(isBelow(trace, spanOf(trace, "order's handling of the reply", request.reply), root)).toBe(true);
  }
}
