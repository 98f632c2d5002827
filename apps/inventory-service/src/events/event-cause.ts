import { currentCorrelationId } from '@commlab/service-kit';

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
