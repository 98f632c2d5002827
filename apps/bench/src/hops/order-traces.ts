import type { HopSpan } from './hop-breakdown';
import { type TraceSpans, withLinkedTraces } from './linked-traces';

interface TraceSummaryJson {
  traceId: string;
  startTime: string;
}

/** GET a path of the trace store's JSON API (5 s at most); an error names the status and the path. */
export async function traceStoreJson(base: string, path: string): Promise<unknown> {
  const response = await fetch(new URL(path, base), { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`the trace store answered HTTP ${String(response.status)} to ${path}`);
  return response.json();
}

/** One trace's spans; undefined when the store no longer has it (evicted since it was listed). */
async function traceSpans(base: string, traceId: string): Promise<TraceSpans | undefined> {
  const path = `/api/traces/${traceId}`;
  const response = await fetch(new URL(path, base), { signal: AbortSignal.timeout(5_000) });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`the trace store answered HTTP ${String(response.status)} to ${path}`);
  const body = (await response.json()) as { trace: { spans: HopSpan[] } };
  return { traceId, spans: body.trace.spans };
}

/**
 * The spans of one order's own trace (the first that names it; its subscribers' linked traces come
 * later), from the trace store's JSON API; with `linked`, the traces linked into it grafted on
 * (withLinkedTraces: a choreographed saga continues in a linked trace). Undefined when no trace names
 * the order (not arrived, or evicted).
 */
export async function orderTrace(
  traceStoreUrl: string,
  orderId: string,
  options: { linked: boolean } = { linked: false },
): Promise<HopSpan[] | undefined> {
  const list = (await traceStoreJson(
    traceStoreUrl,
    `/api/traces?orderId=${encodeURIComponent(orderId)}&limit=20`,
  )) as { traces: TraceSummaryJson[] };
  const [first, ...rest] = [...list.traces].sort((a, b) => a.startTime.localeCompare(b.startTime));
  if (first === undefined) return undefined;
  const own = await traceSpans(traceStoreUrl, first.traceId);
  if (own === undefined) return undefined;
  if (!options.linked) return [...own.spans];
  const others = await Promise.all(rest.map((trace) => traceSpans(traceStoreUrl, trace.traceId)));
  return withLinkedTraces(
    own,
    others.filter((trace) => trace !== undefined),
  );
}

/** The own traces of the orders (orderTrace), one after the other; orders without one are left out. */
export async function orderTraces(traceStoreUrl: string, orderIds: readonly string[]): Promise<HopSpan[][]> {
  const traces: HopSpan[][] = [];
  for (const orderId of orderIds) {
    const spans = await orderTrace(traceStoreUrl, orderId);
    if (spans !== undefined) traces.push(spans);
  }
  return traces;
}
