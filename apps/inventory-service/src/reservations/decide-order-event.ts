import { type CommlabMessage, ORDER_ACCEPTED_V1, type ReserveStockV1 } from '@commlab/contracts';

/**
 * What inventory does with a record of Kafka `orders` (pure): only a choreographed order's OrderAccepted
 * is its cue — it reserves that order's stock, exactly as a ReserveStock command would ask. Everything
 * else on the topic (an orchestrated order's OrderAccepted: its command does the work; OrderPlaced v1/v2,
 * OrderConfirmed, OrderRejected, OrderCancelled) is acknowledged and ignored.
 */
export type OrderEventDecision = { action: 'reserve'; request: ReserveStockV1 } | { action: 'ignore' };

export function decideOrderEvent(message: CommlabMessage): OrderEventDecision {
  if (message.type !== ORDER_ACCEPTED_V1 || message.data.saga !== 'choreography') return { action: 'ignore' };
  const { reservationId, orderId, items } = message.data;
  return { action: 'reserve', request: { reservationId, orderId, items } };
}
