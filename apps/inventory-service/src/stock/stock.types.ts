/** What a client sees of one SKU: how many can be reserved now, and the unit price. */
export interface StockLevel {
  sku: string;
  available: number;
  unitPriceCents: number;
  currency: string;
}

/** The movements of one SKU's stream. The next issue turns these into the source of truth. */
export const STOCK_EVENT_TYPES = [
  'StockAdded',
  'StockReserved',
  'StockReleased',
  'ReservationRejected',
] as const;
export type StockEventType = (typeof STOCK_EVENT_TYPES)[number];

/** One entry of `stock_events`: version n of the SKU's stream. */
export interface StockEvent {
  sku: string;
  version: number;
  type: StockEventType;
  quantity: number;
  reservationId: string | null;
  /** Why it happened, for a movement no reservation explains (an adjustment); null otherwise. */
  reason: string | null;
  occurredAt: Date;
}

/** A catalog entry with its initial stock, for seeding. */
export interface CatalogSeedItem {
  sku: string;
  unitPriceCents: number;
  currency: string;
  initialStock: number;
}
