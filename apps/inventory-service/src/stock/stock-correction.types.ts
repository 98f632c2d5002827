import type { StockEventType } from './stock.types';

/** An event a correction decided to append, before its version and provenance are known. */
export interface StockEventDraft {
  type: StockEventType;
  quantity: number;
  reservationId: null;
  reason: string;
  /** StockCounted and EventReverted: the signed change of `available`. */
  difference?: number;
  /** EventReverted: the version it compensates. */
  revertsVersion?: number;
}
