import type { SqlExecutor } from '@commlab/persistence';

import type { Order } from '../orders/order';
import type { WebhookDeliveryRepository } from './webhook-delivery.repository';

/**
 * Schedules, in the caller's transaction, the one callback of an async order that reached a final state
 * (`order.confirmed`, `order.rejected`, `order.expired`), if it has a callbackUrl: Standard Webhooks'
 * payload shape (type, timestamp, data = the order as the API shows it); one delivery per order.
 */
export async function scheduleOrderCallback(
  callbacks: WebhookDeliveryRepository,
  tx: SqlExecutor,
  final: Order & { userEmail?: string | null },
  type: `order.${string}`,
  at: Date,
): Promise<void> {
  if (final.callbackUrl === null) return;
  const { userEmail: _email, ...view } = final;
  await callbacks.schedule(tx, {
    orderId: final.id,
    webhookId: `msg_${final.id}`,
    url: final.callbackUrl,
    payload: { type, timestamp: at.toISOString(), data: view },
  });
}
