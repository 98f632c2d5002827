import type { HopSpan } from './hop-breakdown';

interface TraceSummaryJson {
  traceId: string;
  startTime: string;
}

async function getJson(base: string, path: string): Promise<unknown> {
  const response = await fetch(new URL(path, base), { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`the trace store answered HTTP ${String(response.status)} to ${path}`);
  return response.json();
}

/**
 * The spans of each order's own trace (the first that names it; its subscribers' linked traces come
 * later), from the trace store's JSON API. Orders whose trace has not arrived are left out; the caller
 * sees how many came back.
 */
export async function orderTraces(traceStoreUrl: string, orderIds: readonly string[]): Promise<HopSpan[][]> {
  const traces: HopSpan[][] = [];
  for (const orderId of orderIds) {
    const list = (await getJson(
      traceStoreUrl,
      `/api/traces?orderId=${encodeURIComponent(orderId)}&limit=10`,
    )) as {
      traces: TraceSummaryJson[];
    };
    const first = [...list.traces].sort((a, b) => a.startTime.localeCompare(b.startTime))[0];
    if (first === undefined) continue;
    const body = (await getJson(traceStoreUrl, `/api/traces/${first.traceId}`)) as {
      trace: { spans: HopSpan[] };
    };
    traces.push(body.trace.spans);
  }
  return traces;
}
