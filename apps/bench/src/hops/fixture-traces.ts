import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { HopSpan, Hops } from './hop-breakdown';
import type { TraceSpans } from './linked-traces';

/**
 * Traces captured from `pnpm start` (one order each, its own trace first, then the traces linked to it;
 * attributes trimmed to those the breakdown reads), for the unit tests: `sync-rmq` (POST /orders
 * ?transport=rmq), `callback` (respond-async + callbackUrl, orchestrated), `choreo` (the same,
 * ?saga=choreography).
 */
export function fixtureTraces(name: 'sync-rmq' | 'callback' | 'choreo'): [TraceSpans, ...TraceSpans[]] {
  const traces = JSON.parse(
    readFileSync(join(__dirname, 'fixtures', `${name}-order.trace.json`), 'utf8'),
  ) as TraceSpans[];
  const [own, ...linked] = traces;
  if (own === undefined) throw new Error(`fixture ${name} has no trace`);
  return [own, ...linked];
}

/** A span for a test, named `<service>-<spanId>` unless `name` says otherwise. */
export const testSpan = (
  spanId: string,
  parentSpanId: string | undefined,
  service: string,
  kind: string,
  offsetMs: number,
  durationMs: number,
  attributes: Record<string, unknown> = {},
  name = `${service}-${spanId}`,
): HopSpan => ({
  spanId,
  ...(parentSpanId === undefined ? {} : { parentSpanId }),
  name,
  service,
  kind,
  offsetMs,
  durationMs,
  attributes,
});

/** The milliseconds of all hops together. */
export const hopsTotal = (hops: Hops) => [...hops.values()].reduce((total, ms) => total + ms, 0);
