import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { context as otelContext, trace } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';

import { currentCorrelationId } from '../correlation/correlation-context';

/** The correlation id on a span: `pnpm trace <correlation id>` finds the trace by it. */
export const CORRELATION_ID_ATTRIBUTE = 'commlab.correlation_id';

/**
 * What the instrumentations cannot know, put on the span of the request being handled: the route
 * template of an HTTP request (`POST /orders/:id` instead of `POST`: the HTTP instrumentation names its
 * server span from it, as the semantic conventions ask) and the correlation id of any request. Runs
 * inside the correlation context (after CorrelationInterceptor). A no-op while nothing traces.
 */
@Injectable()
export class TraceAttributesInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const span = trace.getActiveSpan();
    if (span?.isRecording() === true) {
      const correlationId = currentCorrelationId();
      if (correlationId !== undefined) span.setAttribute(CORRELATION_ID_ATTRIBUTE, correlationId);
      if (context.getType() === 'http') {
        const rpc = getRPCMetadata(otelContext.active());
        const route = context.switchToHttp().getRequest<FastifyRequest>().routeOptions.url;
        if (rpc?.type === RPCType.HTTP && route !== undefined) rpc.route = route;
      }
    }
    return next.handle();
  }
}

/** The order an operation is about, on its span: `pnpm trace <order id>` finds the trace by it. */
export const ORDER_ID_ATTRIBUTE = 'commlab.order.id';

/** Adds attributes to the span of the work in progress (a no-op while nothing traces). */
export function annotateActiveSpan(attributes: Readonly<Record<string, string | number | boolean>>): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}
