import type { EventPublisher, StagingUnit } from '@commlab/messaging';

import type { AlsoInTransaction } from './also-in-transaction';
import type { Order } from './order';
import type { OrderRepository } from './order.repository';

/**
 * Stores a new order, its lines and the messages `stage` stages (its outbox rows): in ONE statement
 * without a transaction when nothing else is written (EventPublisher.inOneStatement), in a transaction
 * with `alsoInTransaction` (an Idempotency-Key's response) otherwise. Atomic either way.
 */
export async function storeNewOrder(
  events: EventPublisher,
  orders: OrderRepository,
  order: Order,
  userEmail: string,
  stage: (unit: StagingUnit) => Promise<void>,
  alsoInTransaction?: AlsoInTransaction,
): Promise<void> {
  if (alsoInTransaction === undefined) {
    await events.inOneStatement(async (unit) => {
      await stage(unit);
      return orders.insertWrites(order, userEmail);
    });
    return;
  }
  await events.transaction(async (unit) => {
    await orders.insert(order, unit.tx, userEmail);
    await alsoInTransaction(unit.tx, order);
    await stage(unit);
  });
}
