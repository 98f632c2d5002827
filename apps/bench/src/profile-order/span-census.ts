import { traceStoreJson } from '../hops/order-traces';

/** The fields of a trace store span the census reads. */
export interface CensusSpan {
  spanId: string;
  service: string;
  name: string;
  /** The instrumentation scope that made it. */
  scope: string;
}

interface TraceList {
  traces: { traceId: string }[];
}

/**
 * Every span of the traces that name these orders (the order's own trace and its subscribers' linked
 * ones, each span once), from the trace store's JSON API; `repeated`: spans seen more than once.
 */
export async function spansOfOrders(
  traceStoreUrl: string,
  orderIds: readonly string[],
): Promise<{ spans: CensusSpan[]; repeated: number }> {
  const seen = new Set<string>();
  const spans = new Map<string, CensusSpan>();
  let repeated = 0;
  for (const orderId of orderIds) {
    const list = (await traceStoreJson(
      traceStoreUrl,
      `/api/traces?orderId=${encodeURIComponent(orderId)}&limit=20`,
    )) as TraceList;
    for (const { traceId } of list.traces) {
      if (seen.has(traceId)) continue;
      seen.add(traceId);
      const body = (await traceStoreJson(traceStoreUrl, `/api/traces/${traceId}`)) as {
        trace: { spans: CensusSpan[] };
      };
      for (const span of body.trace.spans) {
        if (spans.has(span.spanId)) repeated += 1;
        spans.set(span.spanId, span);
      }
    }
  }
  return { spans: [...spans.values()], repeated };
}

/** Spans per order by service, span name and instrumentation scope, most first. */
export function spanCensus(
  spans: readonly CensusSpan[],
  orders: number,
): { key: string; perOrder: number }[] {
  const counts = new Map<string, number>();
  for (const span of spans) {
    const key = `${span.service}: ${span.name} (${span.scope})`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, n]) => ({ key, perOrder: n / orders }))
    .sort((a, b) => b.perOrder - a.perOrder || a.key.localeCompare(b.key));
}
