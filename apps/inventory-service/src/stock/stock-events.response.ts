import type { StockEventsPage } from './list-stock-events.use-case';
import type { StockEventsResponse } from './stock.dto';

/** The JSON of GET /stock/{sku}/events: optional fields only where they mean something. */
export function toStockEventsResponse(sku: string, page: StockEventsPage): StockEventsResponse {
  return {
    sku,
    ...(page.asOf === undefined
      ? {}
      : {
          asOf: {
            at: page.asOf.at.toISOString(),
            available: page.asOf.available,
            version: page.asOf.version,
          },
        }),
    events: page.events.map((event) => ({
      version: event.version,
      type: event.type,
      quantity: event.quantity,
      reservationId: event.reservationId,
      ...(event.reason === null ? {} : { reason: event.reason }),
      ...(event.difference === null ? {} : { difference: event.difference }),
      ...(event.revertsVersion === null ? {} : { revertsVersion: event.revertsVersion }),
      actor: event.actor,
      correlationId: event.correlationId,
      causationId: event.causationId,
      occurredAt: event.occurredAt.toISOString(),
    })),
  };
}
