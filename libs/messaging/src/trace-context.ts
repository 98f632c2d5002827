import {
  type Context,
  context,
  type Link,
  propagation,
  ROOT_CONTEXT,
  type Span,
  type SpanOptions,
  SpanStatusCode,
  trace,
  type TextMapGetter,
} from '@opentelemetry/api';

/**
 * W3C trace context as it is stored (outbox rows, webhook deliveries) and carried (CloudEvents
 * `traceparent` / `tracestate` extensions): plain strings, so a row written now can continue its trace
 * when a relay or a dispatcher picks it up later, in another process.
 */
export interface StoredTraceContext {
  traceparent?: string;
  tracestate?: string;
}

/** The tracer of commlab's own messaging spans (outbox, relay, consumers, webhooks). */
export const messagingTracer = trace.getTracer('@commlab/messaging');

const storedGetter: TextMapGetter<StoredTraceContext> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => (key === 'traceparent' || key === 'tracestate' ? carrier[key] : undefined),
};

/**
 * The trace context of `ctx` (default: the active one) in W3C form, through the registered propagator.
 * Empty when nothing traces (no SDK, or no span is active).
 */
export function captureTraceContext(ctx: Context = context.active()): StoredTraceContext {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return {
    ...(carrier.traceparent === undefined ? {} : { traceparent: carrier.traceparent }),
    ...(carrier.tracestate === undefined ? {} : { tracestate: carrier.tracestate }),
  };
}

/** A context whose parent is the stored one (ROOT when nothing was stored). */
export function restoreTraceContext(stored: StoredTraceContext): Context {
  if (stored.traceparent === undefined) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, stored, storedGetter);
}

/** A span link to the stored context, when it holds a valid one. */
export function linkTo(stored: StoredTraceContext, attributes?: Link['attributes']): Link[] {
  const spanContext = trace.getSpanContext(restoreTraceContext(stored));
  if (spanContext === undefined || !trace.isSpanContextValid(spanContext)) return [];
  return [{ context: spanContext, ...(attributes === undefined ? {} : { attributes }) }];
}

/** The trace id of the active span, when one is recording (for log-like lines such as the live feed). */
export function activeTraceId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext !== undefined && trace.isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/**
 * Runs `work` in a new span under `parent` (default: the active context) and ends it with the outcome:
 * an error status and the exception when `work` throws (and rethrows).
 */
export async function inSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: Span) => Promise<T>,
  parent: Context = context.active(),
): Promise<T> {
  return messagingTracer.startActiveSpan(name, options, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
      throw error;
    } finally {
      span.end();
    }
  });
}
