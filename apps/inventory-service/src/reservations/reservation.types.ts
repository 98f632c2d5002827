/** One SKU and quantity of a reservation request. */
export interface ReservationItem {
  sku: string;
  quantity: number;
}

/** A validated ReserveStock request (REST or gRPC). */
export interface ReserveStockCommand {
  reservationId: string;
  orderId: string;
  items: readonly ReservationItem[];
}

/** One reserved line, priced when it was reserved. */
export interface ReservedLine {
  sku: string;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
}

/** A successful reservation, as first made (a repeat returns the same). */
export interface Reservation {
  reservationId: string;
  orderId: string;
  lines: ReservedLine[];
  totalCents: number;
  currency: string;
}

/** The outcome of a release; `lines` is empty when the reservation was already released. */
export interface ReleaseResult {
  reservationId: string;
  released: boolean;
  lines: ReservationItem[];
}
