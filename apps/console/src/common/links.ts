/**
 * Where one order's trace is shown, given the Trace view's route (`/trace/:orderId`), or undefined while
 * the console has no Trace view (its route is null): timelines then show the order id without a link.
 */
export function traceHref(orderId: string, traceRoute: string | null): string | undefined {
  return traceRoute === null ? undefined : traceRoute.replace(':orderId', encodeURIComponent(orderId));
}
