import type { SagaStyle } from '@commlab/contracts';

/** An order as the API shows it. Money in integer cents. */
export interface Order {
  id: string;
  userId: string;
  /**
   * CONFIRMED, REJECTED, CANCELLED and EXPIRED are final; only PENDING completes or expires, only PENDING
   * and CONFIRMED cancel. EXPIRED: an async order inventory did not answer before its deadline.
   */
  status: 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'CANCELLED' | 'EXPIRED';
  /** `sync`: answered 201 with the final order; `async`: answered 202 PENDING, completed by events. */
  mode: 'sync' | 'async';
  /** How stock was reserved: grpc, rest, kafka, rmq (sync); rmq-command or kafka-event (async). */
  transport: string;
  /**
   * Who drives an async order (`?saga=`): `orchestration` — order-service sends inventory a ReserveStock
   * command; `choreography` — it announces OrderAccepted and inventory reacts. Null for a sync order.
   */
  saga: SagaStyle | null;
  items: { sku: string; quantity: number; unitPriceCents: number; lineTotalCents: number }[];
  /** 0 and null while an async order is PENDING: prices come with the reservation. */
  totalCents: number;
  currency: string | null;
  /** Why an async order was REJECTED. */
  rejection: { reason: string; skus: string[] } | null;
  callbackUrl: string | null;
  createdAt: string;
  /** An async order's deadline: still PENDING then, it expires (ORDER_PENDING_TIMEOUT_MS). Null for sync. */
  expiresAt: string | null;
}
