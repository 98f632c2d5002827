import { currentCorrelationId } from '@commlab/service-kit';

import type { EventProvenance } from '../stock/stock.types';

/**
 * Where an event comes from: the flow it belongs to (`correlationId`) and what caused it (`causationId`;
 * a command that arrived as a message passes that message's id, a request has none and the envelope then
 * uses the correlation id).
 */
export interface EventCause {
  correlationId?: string;
  causationId?: string;
}

/** The given ids, the correlation id defaulting to the current request's (HTTP header, gRPC metadata). */
export function resolveEventCause(given: EventCause = {}): EventCause {
  const correlationId = given.correlationId ?? currentCorrelationId();
  return {
    ...(correlationId === undefined ? {} : { correlationId }),
    ...(given.causationId === undefined ? {} : { causationId: given.causationId }),
  };
}

/**
 * The correlation and causation ids a resolved cause gives the stock events it appends: the causation
 * is the command message's id, or — for a request, which has none — its correlation id (the request id),
 * as in the envelope. (Who called is the store's default: the service a ServiceTokenGuard accepted.)
 */
export function provenanceOf(cause: EventCause): Partial<EventProvenance> {
  return {
    correlationId: cause.correlationId ?? null,
    causationId: cause.causationId ?? cause.correlationId ?? null,
  };
}
