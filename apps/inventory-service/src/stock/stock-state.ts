import type { StockEvent, StockEventType } from './stock.types';

/** What a SKU's stream folds to: the units that can be reserved, and the version of the last event applied. */
export interface StockState {
  available: number;
  version: number;
}

/** The state before a stream's first event. */
export const EMPTY_STOCK_STATE: StockState = Object.freeze({ available: 0, version: 0 });

/** The part of an event the reducer needs. */
export type StockEventData = Pick<StockEvent, 'version' | 'type' | 'quantity'>;

/** What one event of `type` does to `available`. */
export function stockDelta(type: StockEventType, quantity: number): number {
  switch (type) {
    case 'StockAdded':
    case 'StockReleased':
      return quantity;
    case 'StockReserved':
      return -quantity;
    case 'ReservationRejected':
      return 0;
  }
}

/**
 * The reducer of a SKU's stream: the state after `event`. Pure. Refuses what a valid stream cannot hold
 * (a version that is not the next one, a non-positive quantity, stock below zero), so a corrupt stream is
 * reported instead of being folded into a wrong number.
 */
export function applyStockEvent(state: StockState, event: StockEventData): StockState {
  if (event.version !== state.version + 1) {
    throw new Error(`stock event version ${event.version} does not follow version ${state.version}`);
  }
  if (!Number.isInteger(event.quantity) || event.quantity <= 0) {
    throw new Error(`stock event version ${event.version} has quantity ${event.quantity}`);
  }
  const available = state.available + stockDelta(event.type, event.quantity);
  if (available < 0) {
    throw new Error(`stock event version ${event.version} (${event.type}) takes stock below zero`);
  }
  return { available, version: event.version };
}

/** Folds `events` (in version order) onto `from` (default: the empty stream). */
export function replayStock(
  events: readonly StockEventData[],
  from: StockState = EMPTY_STOCK_STATE,
): StockState {
  return events.reduce(applyStockEvent, from);
}
