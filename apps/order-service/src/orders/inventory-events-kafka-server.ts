import { kafkaConsumerSettings } from '@commlab/config';
import { KAFKA_CONSUMER_GROUPS } from '@commlab/contracts';
import { ResilientKafkaServer } from '@commlab/messaging-kafka';
import { type KafkaConfig, logLevel } from 'kafkajs';

import type { OrderConfig } from '../config/order.config';

/**
 * The Kafka server of order's event consumer: group `order` over topic `inventory` (NestJS ServerKafka
 * extended, connecting in the background so order boots without Kafka). Records reach the handler as
 * bytes + headers; one at a time per partition; offsets committed after a record was applied or
 * dead-lettered to `inventory.dlt`.
 */
export function inventoryEventsKafkaServer(config: OrderConfig): ResilientKafkaServer {
  const settings = kafkaConsumerSettings(config);
  const client: KafkaConfig = {
    clientId: 'order-service-events',
    brokers: [...config.KAFKA_BROKERS],
    connectionTimeout: 3_000,
    logLevel: logLevel.WARN,
  };
  return new ResilientKafkaServer({
    client,
    consumer: {
      groupId: KAFKA_CONSUMER_GROUPS.order,
      sessionTimeout: settings.sessionTimeout,
      heartbeatInterval: settings.heartbeatInterval,
      maxWaitTimeInMs: settings.maxWaitTimeInMs,
      allowAutoTopicCreation: false,
    },
    // A new group reads from the start: an answer published before the group's first join is not lost
    // (events about orders that are not PENDING are acknowledged and ignored; the inbox dedupes).
    subscribe: { fromBeginning: true },
    run: { partitionsConsumedConcurrently: 1, autoCommit: true },
    producer: { idempotent: false, allowAutoTopicCreation: true },
    parser: { keepBinary: true },
    postfixId: '',
  });
}
