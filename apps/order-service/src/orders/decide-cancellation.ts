import type { Order } from './order';

/** What cancelling an order in `status` does (POST /orders/{id}/cancel). */
export type CancellationDecision =
  /** PENDING or CONFIRMED: it becomes CANCELLED and OrderCancelled goes out (inventory releases its stock). */
  | { kind: 'cancel'; previousStatus: 'PENDING' | 'CONFIRMED' }
  /** Already CANCELLED: nothing changes, the order is answered again (idempotent). */
  | { kind: 'already-cancelled' }
  /** REJECTED or EXPIRED: it holds no stock and is final; 409 ORDER_NOT_CANCELLABLE. */
  | { kind: 'not-cancellable'; status: Order['status'] };

/** The cancellation of an order in `status`; pure. */
export function decideCancellation(status: Order['status']): CancellationDecision {
  switch (status) {
    case 'PENDING':
    case 'CONFIRMED':
      return { kind: 'cancel', previousStatus: status };
    case 'CANCELLED':
      return { kind: 'already-cancelled' };
    case 'REJECTED':
    case 'EXPIRED':
      return { kind: 'not-cancellable', status };
  }
}

/** CONFIRMED, REJECTED, CANCELLED and EXPIRED never change again: only a PENDING order completes. */
export function isFinal(status: Order['status']): boolean {
  return status !== 'PENDING';
}
