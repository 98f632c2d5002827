import { KAFKA_CONSUMER_GROUPS } from '@commlab/contracts';
import { ResilientKafkaServer } from '@commlab/messaging-kafka';
import type { CustomStrategy } from '@nestjs/microservices';

import type { InventoryConfig } from '../config/inventory.config';

/** kafkajs client id of inventory's Kafka request server. */
const CLIENT_ID = 'inventory-service-reserve-stock';

/**
 * NestJS's Kafka server for the request-reply ReserveStock (ReserveStockKafkaController), in consumer
 * group `inventory-reserve-stock` (postfixId '' keeps the contract's name). It connects in the background
 * with capped backoff and logs each failed attempt, so inventory boots and serves REST and gRPC while
 * Kafka is down, and starts answering Kafka requests once the broker is reachable.
 *
 * `fromBeginning` only matters for a group without committed offsets: a request sent while the group
 * was first joining is still answered; stale ones are refused by their `expiresAt`.
 */
export function reserveStockKafkaServer(config: Pick<InventoryConfig, 'KAFKA_BROKERS'>): CustomStrategy {
  return {
    strategy: new ResilientKafkaServer({
      postfixId: '',
      client: {
        clientId: CLIENT_ID,
        brokers: [...config.KAFKA_BROKERS],
        connectionTimeout: 1_000,
        // Few, quick retries per attempt: ResilientKafkaServer owns the backoff between attempts.
        retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 },
        // ResilientKafkaServer logs failed attempts itself; kafkajs's own lines would repeat each one.
        logCreator: () => () => undefined,
      },
      consumer: {
        groupId: KAFKA_CONSUMER_GROUPS.inventoryReserveStock,
        sessionTimeout: 10_000,
        heartbeatInterval: 1_000,
        maxWaitTimeInMs: 100,
      },
      subscribe: { fromBeginning: true },
      producer: { allowAutoTopicCreation: false },
      run: { partitionsConsumedConcurrently: 3 },
    }),
  };
}
