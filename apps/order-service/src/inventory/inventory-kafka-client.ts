import { kafkaConsumerSettings } from '@commlab/config';
import { KAFKA_CONSUMER_GROUPS } from '@commlab/contracts';
import { noDelaySocketFactory } from '@commlab/messaging-kafka';
import { type ClientProviderOptions, Transport } from '@nestjs/microservices';

import type { OrderConfig } from '../config/order.config';

export const INVENTORY_KAFKA_CLIENT = Symbol('INVENTORY_KAFKA_CLIENT');

/**
 * NestJS's ClientKafka for the request-reply ReserveStock. Its reply consumer is in group
 * `order-reserve-stock-replies` (postfixId '' keeps the contract's name; NestJS would append `-client`),
 * where every order instance owns one partition of `inventory.reserve-stock.reply`. It is not the
 * `order` group: that one is for order's event consumers.
 *
 * kafkajs retries little and quickly: a request has DOWNSTREAM_TIMEOUT_MS in all, and a failed
 * connection is dropped and made again by the next request (KafkaStockReserver).
 */
export function inventoryKafkaClient(config: OrderConfig): ClientProviderOptions {
  const quickRetry = { retries: 1, initialRetryTime: 100, maxRetryTime: 500 };
  return {
    name: INVENTORY_KAFKA_CLIENT,
    transport: Transport.KAFKA,
    options: {
      postfixId: '',
      client: {
        clientId: 'order-service-reserve-stock',
        // TCP_NODELAY: a request and its reply are small writes Nagle would hold back.
        socketFactory: noDelaySocketFactory,
        brokers: [...config.KAFKA_BROKERS],
        connectionTimeout: Math.min(1_000, config.DOWNSTREAM_TIMEOUT_MS),
        requestTimeout: Math.max(1_000, config.DOWNSTREAM_TIMEOUT_MS),
        retry: quickRetry,
        // KafkaStockReserver logs connection failures once each; kafkajs would log every retry.
        logCreator: () => () => undefined,
      },
      consumer: {
        groupId: KAFKA_CONSUMER_GROUPS.orderReserveStockReplies,
        // A rebalance (an order instance joining or leaving) pauses replies until every member has
        // rejoined, which each does at its next heartbeat: keep that short.
        heartbeatInterval: 1_000,
        sessionTimeout: 10_000,
        maxWaitTimeInMs: kafkaConsumerSettings(config).maxWaitTimeInMs,
        // No restart loop of kafkajs's own after a crash (it would outlive close() and keep dialling a
        // dead broker): KafkaStockReserver drops the connection and the next request connects again.
        retry: { ...quickRetry, restartOnFailure: () => Promise.resolve(false) },
      },
      // A reply may land on a newly assigned partition before its first fetch position is known;
      // `fromBeginning` (only for partitions without a committed offset) makes sure it is read.
      subscribe: { fromBeginning: true },
      producer: { allowAutoTopicCreation: false, retry: quickRetry },
    },
  };
}
