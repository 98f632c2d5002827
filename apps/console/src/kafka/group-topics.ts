import { KAFKA_CONSUMER_GROUPS, KAFKA_TOPICS } from '@commlab/contracts';

/** The topics each of commlab's consumer groups reads (a group the broker lists beyond these: all topics). */
export const GROUP_TOPICS: Record<string, readonly string[]> = {
  [KAFKA_CONSUMER_GROUPS.reporting]: [KAFKA_TOPICS.orders, KAFKA_TOPICS.inventory],
  [KAFKA_CONSUMER_GROUPS.order]: [KAFKA_TOPICS.inventory],
  [KAFKA_CONSUMER_GROUPS.inventoryReserveStock]: [KAFKA_TOPICS.inventoryReserveStock],
  [KAFKA_CONSUMER_GROUPS.orderReserveStockReplies]: [KAFKA_TOPICS.inventoryReserveStockReply],
};
