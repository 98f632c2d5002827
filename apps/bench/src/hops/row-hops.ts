import type { RowHopBar } from '../report/bench-results';
import { hopBarOf } from './hop-bars';
import { hopBreakdown, type Hops, type HopSpan, rootOf } from './hop-breakdown';
import { orderTrace } from './order-traces';
import { webhookBreakdown } from './path-breakdown';
import { ORDER_TIME, type OrderTimeEnd, type PlacedOrders } from './placed-orders';

/** Orders per row whose traces are read (spread over its measured runs). */
export const TRACED_ORDERS_PER_ROW = 100;
/** After a run, before reading: the services export their spans in batches every 500 ms. */
const SETTLE_MS = 1_000;
/** Then once more for the traces that had not reached their end. */
const RETRY_MS = 2_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The hops of one order's trace up to where its time ends; undefined when the trace does not get there. */
export function orderBreakdown(spans: readonly HopSpan[], end: OrderTimeEnd): Hops | undefined {
  // The first service's span not exported yet: the earliest span has a parent the trace lacks.
  if (rootOf(spans)?.parentSpanId !== undefined) return undefined;
  return end === 'webhook' ? webhookBreakdown(spans) : hopBreakdown(spans);
}

interface Row {
  end: OrderTimeEnd;
  none?: string;
  breakdowns: Hops[];
  incomplete: number;
}

/**
 * The hop bars of a bench run's end-to-end rows. After each measured run of a row that places orders
 * the runner calls `afterRun`: it waits for the spans to arrive, reads the traces of the run's last
 * orders from the stack's trace store and breaks each down (hopBreakdown until the answer, pathBreakdown
 * until the webhook). `bars` then gives each row's medians, or why it has none.
 */
export class RowHops {
  private readonly rows = new Map<string, Row>();
  /** Per trace store URL: undefined = it answers, else why not. */
  private readonly stores = new Map<string, Promise<string | undefined>>();

  constructor(private readonly log: (line: string) => void) {}

  async afterRun(scenario: string, orders: PlacedOrders, count: number): Promise<void> {
    const row = this.rows.get(scenario) ?? { end: orders.end, breakdowns: [], incomplete: 0 };
    this.rows.set(scenario, row);
    if (row.none !== undefined) return;
    const store = orders.traceStore;
    if ('none' in store) {
      row.none = store.none;
      return;
    }
    const problem = await this.check(store.url);
    if (problem !== undefined) {
      row.none = problem;
      return;
    }
    try {
      row.incomplete += await this.read(store.url, row, orders.last(count));
    } catch (error) {
      // The bars are a reading aid: a trace store that fails leaves the row without one, not the run.
      row.none = `reading the trace store at ${store.url} failed: ${error instanceof Error ? error.message : String(error)}`;
      this.log(`bench: ${scenario}: no hop bar: ${row.none}`);
    }
  }

  /** Adds the breakdowns of the orders' traces to the row; returns how many were left out. */
  private async read(url: string, row: Row, ids: readonly string[]): Promise<number> {
    let pending = ids;
    if (pending.length === 0) return 0;
    await sleep(SETTLE_MS);
    for (const wait of [0, RETRY_MS]) {
      await sleep(wait);
      const left: string[] = [];
      for (const id of pending) {
        const spans = await orderTrace(url, id, { linked: row.end === 'webhook' });
        const hops = spans === undefined ? undefined : orderBreakdown(spans, row.end);
        if (hops === undefined) left.push(id);
        else row.breakdowns.push(hops);
      }
      pending = left;
      if (pending.length === 0) break;
    }
    return pending.length;
  }

  /** One bar per row seen, in the order the rows first ran. */
  bars(): RowHopBar[] {
    return [...this.rows].map(([scenario, row]) => {
      const bar = hopBarOf(scenario, row.breakdowns, ORDER_TIME[row.end]);
      const sum = bar.hops.reduce((total, hop) => total + hop.medianMs, 0);
      const none =
        row.none ??
        (row.breakdowns.length === 0 ? 'no complete trace of its orders in the trace store' : undefined);
      return {
        scenario,
        spans: ORDER_TIME[row.end],
        ...(none === undefined ? {} : { none }),
        traces: bar.traces,
        incomplete: row.incomplete,
        medianMs: round(bar.totalMs),
        hops: bar.hops.map((hop) => ({
          name: hop.name,
          medianMs: round(hop.medianMs),
          share: sum > 0 ? Math.round((1000 * hop.medianMs) / sum) / 1000 : 0,
        })),
      };
    });
  }

  /** Whether a trace store answers at `url` (probed once): undefined, or why not. */
  private check(url: string): Promise<string | undefined> {
    let known = this.stores.get(url);
    if (known === undefined) {
      known = probeTraceStore(url).then((problem) => {
        if (problem !== undefined) this.log(`bench: no hop bars: ${problem}`);
        return problem;
      });
      this.stores.set(url, known);
    }
    return known;
  }
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

async function probeTraceStore(url: string): Promise<string | undefined> {
  const where = new URL('/api/traces?limit=1', url).toString();
  try {
    const response = await fetch(where, { signal: AbortSignal.timeout(3_000) });
    const body = (await response.json().catch(() => undefined)) as { traces?: unknown } | undefined;
    if (response.ok && Array.isArray(body?.traces)) return undefined;
    return `no trace store answers at ${url} (GET /api/traces: HTTP ${String(response.status)}; a stack exporting to Jaeger or a Collector has none the bench can read)`;
  } catch (error) {
    return `no trace store answers at ${url} (${error instanceof Error ? error.message : String(error)})`;
  }
}
