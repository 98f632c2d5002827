import type { Envelope } from '@commlab/contracts';
import { enqueueOutbox } from '@commlab/messaging';
import type { SqlExecutor } from '@commlab/persistence';

import { INVENTORY_EVENTS_DESTINATION } from './inventory-event';

/**
 * Puts an inventory event into the outbox inside `tx` — the transaction that also appends the stock
 * events — so the state change and its announcement commit together or not at all. Kafka key = the
 * envelope subject (the reservation id), so one reservation's events stay in order.
 */
export async function enqueueInventoryEvent(tx: SqlExecutor, envelope: Envelope): Promise<void> {
  await enqueueOutbox(tx, envelope, INVENTORY_EVENTS_DESTINATION, { key: envelope.subject });
}
