import { alreadyReverted, insufficientStock, notRevertible, stockEventNotFound } from './inventory-errors';
import { stockDelta } from './stock-state';
import type { StockEventDraft } from './stock-correction.types';
import type { StockEvent, StockEventType } from './stock.types';

/** What undoes the events a revert refuses to undo, by type (adjustments are not in it). */
const NOT_REVERTIBLE: Partial<Record<StockEventType, string>> = {
  StockReserved: 'reservation events are undone by ReleaseStock (DELETE /reservations/{reservationId})',
  StockReleased: 'reservation events are undone by ReleaseStock, not by a revert',
  ReservationRejected: 'reservation events are undone by ReleaseStock, not by a revert',
  EventReverted: 'a revert is not reverted: make a new adjustment instead',
};

/** The facts a revert is decided on, read from the stream in one transaction. */
export interface RevertContext {
  sku: string;
  /** The version asked to be reverted. */
  version: number;
  /** Available now (the stream's current state). */
  available: number;
  /** The event at `version`, if the stream has one. */
  target: StockEvent | undefined;
  /** The version of an EventReverted that already reverts `version`, if any. */
  revertedBy: number | undefined;
}

/**
 * The EventReverted that undoes one past adjustment's effect on `available`, pure. Refuses an unknown
 * version (404 STOCK_EVENT_NOT_FOUND), a reservation event or a revert (409 NOT_REVERTIBLE), an event
 * reverted before (409 ALREADY_REVERTED) and a revert that would take stock below zero (409
 * INSUFFICIENT_STOCK, e.g. undoing a delivery whose units were reserved since).
 */
export function decideRevert(context: RevertContext, reason: string): StockEventDraft {
  const { sku, version, target, available } = context;
  if (target === undefined) throw stockEventNotFound(sku, version);
  const why = NOT_REVERTIBLE[target.type];
  if (why !== undefined) throw notRevertible(sku, version, target.type, why);
  if (context.revertedBy !== undefined) throw alreadyReverted(sku, version, context.revertedBy);
  const difference = 0 - stockDelta(target); // not -x: no -0 for a count that changed nothing
  if (available + difference < 0) throw insufficientStock(sku, available, difference);
  return {
    type: 'EventReverted',
    quantity: Math.abs(difference),
    difference,
    revertsVersion: version,
    reservationId: null,
    reason,
  };
}
