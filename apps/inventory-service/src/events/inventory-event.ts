import type { EventCause } from './event-cause';

/** The envelope `source` of everything inventory-service publishes (a CloudEvents URI reference). */
export const INVENTORY_SERVICE_SOURCE = '/commlab/inventory-service';

/** The envelope fields every inventory event shares. */
export function envelopeBase(subject: string, cause: EventCause, at: Date) {
  return {
    source: INVENTORY_SERVICE_SOURCE,
    subject,
    time: at,
    ...(cause.correlationId === undefined ? {} : { correlationId: cause.correlationId }),
    ...(cause.causationId === undefined ? {} : { causationId: cause.causationId }),
  };
}
