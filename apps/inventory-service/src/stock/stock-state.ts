import type { StockEvent, StockEventType } from './stock.types';

/** What a SKU's stream folds to: the units that can be reserved, and the version of the last event applied. */
export interface StockState {
  available: number;
  version: number;
}

/** The state before a stream's first event. */
export const EMPTY_STOCK_STATE: StockState = Object.freeze({ available: 0, version: 0 });

/** The part of an event the reducer needs (`difference` only for StockCounted and EventReverted). */
export type StockEventData = Pick<StockEvent, 'version' | 'type' | 'quantity'> & {
  difference?: number | null;
};

/** The event types whose change of `available` is their signed `difference`, not their quantity. */
const DIFFERENCE_TYPES: ReadonlySet<StockEventType> = new Set(['StockCounted', 'EventReverted']);

/** What one event does to `available`. */
export function stockDelta(event: Omit<StockEventData, 'version'>): number {
  switch (event.type) {
    case 'StockAdded':
    case 'StockReleased':
      return event.quantity;
    case 'StockReserved':
    case 'StockRemoved':
      return -event.quantity;
    case 'ReservationRejected':
      return 0;
    case 'StockCounted':
    case 'EventReverted':
      return event.difference ?? 0;
  }
}

/** Why `event` cannot be in a valid stream at `state`, or undefined when it can. */
function invalidEvent(state: StockState, event: StockEventData): string | undefined {
  const { quantity, difference } = event;
  if (!DIFFERENCE_TYPES.has(event.type)) {
    if (!Number.isInteger(quantity) || quantity <= 0) return `has quantity ${quantity}`;
    if (difference !== undefined && difference !== null) return `(${event.type}) has a difference`;
    return undefined;
  }
  if (typeof difference !== 'number' || !Number.isInteger(difference)) {
    return `(${event.type}) has difference ${String(difference)}`;
  }
  if (!Number.isInteger(quantity) || quantity < 0) return `has quantity ${quantity}`;
  // A count records the counted level; a revert the size of its change.
  const expected = event.type === 'StockCounted' ? state.available + difference : Math.abs(difference);
  if (quantity !== expected) return `(${event.type}) has quantity ${quantity}, expected ${expected}`;
  return undefined;
}

/**
 * The reducer of a SKU's stream: the state after `event`. Pure. Refuses what a valid stream cannot hold
 * (a version that is not the next one, a non-positive quantity, a count whose level does not match its
 * difference, stock below zero), so a corrupt stream is reported instead of being folded into a wrong number.
 */
export function applyStockEvent(state: StockState, event: StockEventData): StockState {
  if (event.version !== state.version + 1) {
    throw new Error(`stock event version ${event.version} does not follow version ${state.version}`);
  }
  const invalid = invalidEvent(state, event);
  if (invalid !== undefined) throw new Error(`stock event version ${event.version} ${invalid}`);
  const available = state.available + stockDelta(event);
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
