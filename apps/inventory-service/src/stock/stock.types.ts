/** What a client sees of one SKU: how many can be reserved now, and the unit price. */
export interface StockLevel {
  sku: string;
  available: number;
  unitPriceCents: number;
  currency: string;
}

/**
 * The movements of one SKU's stream. Reservations: StockReserved, StockReleased, ReservationRejected.
 * Adjustments (POST /stock/{sku}/adjustments): StockAdded (received), StockRemoved (damaged), StockCounted
 * (a physical count). EventReverted compensates one earlier adjustment (history is never edited).
 */
export const STOCK_EVENT_TYPES = [
  'StockAdded',
  'StockReserved',
  'StockReleased',
  'ReservationRejected',
  'StockRemoved',
  'StockCounted',
  'EventReverted',
] as const;
export type StockEventType = (typeof STOCK_EVENT_TYPES)[number];

/** One entry of `stock_events`: version n of the SKU's stream. */
export interface StockEvent {
  sku: string;
  version: number;
  type: StockEventType;
  quantity: number;
  reservationId: string | null;
  /** Why it happened, for a movement no reservation explains (an adjustment, a revert); null otherwise. */
  reason: string | null;
  /**
   * The signed change of `available`, for the events whose quantity does not say it: StockCounted
   * (counted level minus what the stream said) and EventReverted (minus the reverted event's change).
   */
  difference: number | null;
  /** EventReverted: the version of the event it compensates; null otherwise. */
  revertsVersion: number | null;
  occurredAt: Date;
}

/** Who and why, stored with every event (null when unknown). */
export interface EventProvenance {
  /** Who caused it: a service token's subject (client id), e.g. `commlab-cli`. */
  actor: string | null;
  /** The correlation id of the request or message that led to it. */
  correlationId: string | null;
  /** What directly caused it: the request id, or the id of the command message. */
  causationId: string | null;
}

/** One stored event with who and why. */
export type RecordedStockEvent = StockEvent & EventProvenance;

/** A catalog entry with its initial stock, for seeding. */
export interface CatalogSeedItem {
  sku: string;
  unitPriceCents: number;
  currency: string;
  initialStock: number;
}
