import type { Order } from './order';

/** inventory's answer about an order's reservation (Kafka `inventory`). */
export type InventoryAnswer = 'reserved' | 'rejected';

/** What order-service does with inventory's answer, given the order's status. */
export type AnswerDecision =
  /** PENDING: the answer completes it (CONFIRMED or REJECTED). */
  | { kind: 'complete' }
  /**
   * EXPIRED and the stock was reserved after all (a late answer): the reservation is released, the order
   * stays EXPIRED — a deadline that passed is never taken back.
   */
  | { kind: 'release' }
  /** Anything else: unknown order, already final (a CANCELLED one is released by inventory itself). */
  | { kind: 'ignore' };

/** The effect of `answer` on an order in `status` (undefined: no such order); pure. */
export function decideInventoryAnswer(
  status: Order['status'] | undefined,
  answer: InventoryAnswer,
): AnswerDecision {
  if (status === 'PENDING') return { kind: 'complete' };
  if (status === 'EXPIRED' && answer === 'reserved') return { kind: 'release' };
  return { kind: 'ignore' };
}
