import type { Order } from './order';

/** What the expiry job does with an order now. */
export type ExpiryDecision =
  /** PENDING past its deadline: it becomes EXPIRED and inventory releases what it may hold for it. */
  | { kind: 'expire' }
  /** PENDING, deadline not reached: looked at again later. */
  | { kind: 'wait'; dueInMs: number }
  /** Final already (the answer, a cancellation or an earlier expiry won), or no deadline (a sync order). */
  | { kind: 'leave'; why: 'final' | 'no-deadline' };

/** The expiry of `order` at `now`; pure. The deadline itself counts as past (`expiresAt <= now`). */
export function decideExpiry(order: Pick<Order, 'status' | 'expiresAt'>, now: Date): ExpiryDecision {
  if (order.status !== 'PENDING') return { kind: 'leave', why: 'final' };
  if (order.expiresAt === null) return { kind: 'leave', why: 'no-deadline' };
  const dueInMs = Date.parse(order.expiresAt) - now.getTime();
  return dueInMs <= 0 ? { kind: 'expire' } : { kind: 'wait', dueInMs };
}

/** An async order's deadline: `timeoutMs` after it was accepted. */
export function deadlineOf(acceptedAt: Date, timeoutMs: number): string {
  return new Date(acceptedAt.getTime() + timeoutMs).toISOString();
}
