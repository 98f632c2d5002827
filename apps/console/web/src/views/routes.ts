import { traceHref } from '../../../src/common/links';

/** The page's paths. A view is one entry here, one in views/registry.tsx and its component. */
export const ROUTES = {
  topology: '/',
  order: '/order',
  queues: '/queues',
  kafka: '/kafka',
  eventSourcing: '/event-sourcing',
  faults: '/faults',
  benchmarks: '/benchmarks',
} as const;

/**
 * The Trace view's path once it exists (it reads the trace store): `/trace/:orderId`. While it is null,
 * timelines show the order id without a link; set it and register the view, and every timeline links
 * each order to its waterfall.
 */
export const TRACE_ROUTE: string | null = null;

/** Where one order's trace is shown, if a Trace view is registered. */
export function orderTraceHref(orderId: string): string | undefined {
  return traceHref(orderId, TRACE_ROUTE);
}
