import { median } from './hop-bars';
import { hopBreakdown, type HopSpan, rootOf } from './hop-breakdown';

/**
 * The events a request caused that its own service handled while the request still ran: consumer spans
 * in the root span's service, started before the root ended, whose parent is an outbox relay's send
 * (`commlab.outbox.wait_ms`). A sync order's StockReserved is one: inventory publishes it as soon as the
 * reservation commits, and order-service, which consumes inventory's events, often receives it before
 * its own INSERT has answered. A request-reply's reply is not one (its parent is no outbox send).
 */
export function eventsDuringRequest(spans: readonly HopSpan[]): HopSpan[] {
  const root = rootOf(spans);
  if (root === undefined) return [];
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const rootEnd = root.offsetMs + root.durationMs;
  return spans.filter((span) => {
    if (span === root || span.kind !== 'consumer' || span.service !== root.service) return false;
    if (span.offsetMs >= rootEnd) return false;
    const parent = span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
    return parent?.attributes['commlab.outbox.wait_ms'] !== undefined;
  });
}

/** Medians of the orders of one group. */
export interface RequestGroup {
  traces: number;
  /** Inside the first service (the root span). */
  totalMs: number;
  /** The first service's database hop. */
  databaseMs: number;
}

export interface EventsDuringRequestSummary {
  service: string;
  /** The orders whose own event the first service handled while the request ran… */
  during: RequestGroup;
  /** …and the others. */
  others: RequestGroup;
}

function group(breakdowns: readonly Map<string, number>[], database: string): RequestGroup {
  return {
    traces: breakdowns.length,
    totalMs: median(breakdowns.map((hops) => [...hops.values()].reduce((sum, ms) => sum + ms, 0))),
    databaseMs: median(breakdowns.map((hops) => hops.get(database) ?? 0)),
  };
}

/** The traces split by eventsDuringRequest, each half's medians; undefined without a trace. */
export function eventsDuringRequestSummary(
  traces: readonly (readonly HopSpan[])[],
): EventsDuringRequestSummary | undefined {
  const service = traces.map((spans) => rootOf(spans)?.service).find((name) => name !== undefined);
  if (service === undefined) return undefined;
  const during: Map<string, number>[] = [];
  const others: Map<string, number>[] = [];
  for (const spans of traces)
    (eventsDuringRequest(spans).length > 0 ? during : others).push(hopBreakdown(spans));
  const database = `${service} database`;
  return { service, during: group(during, database), others: group(others, database) };
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

/** Two lines for the report: how often, and what it cost the orders it happened to. */
export function formatEventsDuringRequest(summary: EventsDuringRequestSummary): string[] {
  const { service, during, others } = summary;
  const all = during.traces + others.traces;
  const line = (label: string, g: RequestGroup) =>
    g.traces === 0
      ? `  ${label}: none`
      : `  ${label}: ${String(g.traces)}, median ${ms(g.totalMs)} inside ${service}, its database ${ms(g.databaseMs)}`;
  return [
    `Orders whose own event ${service} handled while the request ran (its relay’s send, consumed by ${service}): ${String(during.traces)} of ${String(all)}`,
    line('those orders', during),
    line('the others', others),
  ];
}
