import { insufficientStock } from './inventory-errors';
import type { StockEventDraft } from './stock-correction.types';
import type { StockAdjustmentBody } from './stock.dto';

/**
 * The event an adjustment appends to a stream that has `available` units, pure: `received` → StockAdded,
 * `damaged` → StockRemoved (refused with INSUFFICIENT_STOCK when more than `available`), `counted` →
 * StockCounted recording the counted level and its difference to `available` (also when it is 0: the
 * count itself is worth keeping).
 */
export function decideAdjustment(
  sku: string,
  available: number,
  adjustment: StockAdjustmentBody,
): StockEventDraft {
  const { reason } = adjustment;
  switch (adjustment.kind) {
    case 'received':
      return { type: 'StockAdded', quantity: adjustment.quantity, reservationId: null, reason };
    case 'damaged':
      if (adjustment.quantity > available) throw insufficientStock(sku, available, -adjustment.quantity);
      return { type: 'StockRemoved', quantity: adjustment.quantity, reservationId: null, reason };
    case 'counted':
      return {
        type: 'StockCounted',
        quantity: adjustment.counted,
        difference: adjustment.counted - available,
        reservationId: null,
        reason,
      };
  }
}
