import { kafkaConsumerSettings } from '@commlab/config';
import { KAFKA_CONSUMER_GROUPS } from '@commlab/contracts';
import { kafkaEventConsumerServer } from '@commlab/messaging-kafka';
import type { CustomStrategy } from '@nestjs/microservices';

import type { InventoryConfig } from '../config/inventory.config';

/**
 * The transport id of inventory's Kafka event consumer: the request server (`inventory.reserve-stock`)
 * is the other Kafka server of this app, and each handler names the one it belongs to.
 */
export const INVENTORY_ORDER_EVENTS_TRANSPORT = Symbol('kafka:inventory-order-events');

/**
 * inventory's consumer of Kafka `orders`, group `inventory-order-events` (OrderEventsKafkaController):
 * the choreographed saga's cue. Connects in the background like the request server, reads from the start
 * of the topic when the group is new, commits an offset only once its record was applied or dead-lettered.
 */
export function orderEventsKafkaServer(config: InventoryConfig): CustomStrategy {
  const server = kafkaEventConsumerServer({
    brokers: config.KAFKA_BROKERS,
    clientId: 'inventory-service-order-events',
    groupId: KAFKA_CONSUMER_GROUPS.inventoryOrderEvents,
    timings: kafkaConsumerSettings(config),
  });
  server.setTransportId(INVENTORY_ORDER_EVENTS_TRANSPORT);
  return { strategy: server };
}
