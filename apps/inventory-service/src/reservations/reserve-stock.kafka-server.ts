import { kafkaConsumerSettings } from '@commlab/config';
import { KAFKA_CONSUMER_GROUPS } from '@commlab/contracts';
import { kafkaRequestServer } from '@commlab/messaging-kafka';
import type { CustomStrategy } from '@nestjs/microservices';

import type { InventoryConfig } from '../config/inventory.config';

/**
 * The Kafka request server of ReserveStock (ReserveStockKafkaController), group `inventory-reserve-stock`:
 * the instances share `inventory.reserve-stock`. It connects in the background, so inventory boots and
 * serves REST and gRPC while Kafka is down, and answers Kafka requests once the broker is reachable.
 */
export function reserveStockKafkaServer(config: InventoryConfig): CustomStrategy {
  return {
    strategy: kafkaRequestServer({
      brokers: config.KAFKA_BROKERS,
      clientId: 'inventory-service-reserve-stock',
      groupId: KAFKA_CONSUMER_GROUPS.inventoryReserveStock,
      timings: kafkaConsumerSettings(config),
    }),
  };
}
