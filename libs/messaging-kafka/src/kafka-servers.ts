import { type KafkaConfig, logLevel } from 'kafkajs';

import { ResilientKafkaServer } from './resilient-kafka-server';

/** The consumer timings every commlab Kafka server takes from config (`kafkaConsumerSettings`). */
export interface KafkaConsumerTimings {
  sessionTimeout: number;
  heartbeatInterval: number;
  maxWaitTimeInMs: number;
}

export interface KafkaServerOptions {
  brokers: readonly string[];
  /** kafkajs client id, as the contracts name it (no NestJS `-server` suffix). */
  clientId: string;
  /** The consumer group, from KAFKA_CONSUMER_GROUPS. */
  groupId: string;
  timings: KafkaConsumerTimings;
}

/**
 * The server of an event consumer (`@EventPattern(topic)` handlers with `handleKafkaEvent`): NestJS's
 * Kafka server extended to connect in the background, so the service boots without Kafka. A new group
 * reads its topics from the start; records reach the handler as bytes + headers (the CloudEvents binding
 * parses them), one at a time per partition, and an offset is committed only after its record was applied
 * or dead-lettered. The producer writes dead letters only, each acknowledged by all in-sync replicas.
 */
export function kafkaEventConsumerServer(options: KafkaServerOptions): ResilientKafkaServer {
  // Typed as kafkajs's own config: NestJS declares its own copy of the `logLevel` enum.
  const client: KafkaConfig = {
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: 3_000,
    logLevel: logLevel.WARN,
  };
  return new ResilientKafkaServer({
    client,
    consumer: {
      groupId: options.groupId,
      ...options.timings,
      allowAutoTopicCreation: false,
    },
    subscribe: { fromBeginning: true },
    run: { partitionsConsumedConcurrently: 1, autoCommit: true },
    producer: { idempotent: false, allowAutoTopicCreation: true },
    parser: { keepBinary: true },
    // The group and client names are the contract ones, not NestJS's `-server` variants.
    postfixId: '',
  });
}

/**
 * The server of a Kafka request-reply endpoint (`@MessagePattern(topic)`: NestJS sends the return value
 * or the error to the request's reply topic and partition). Connects in the background with capped
 * backoff, a few quick retries per attempt, and logs each failed attempt itself (kafkajs's own lines would
 * repeat them). `fromBeginning` only matters for a group without committed offsets: a request sent while
 * the group was first joining is still answered; stale ones are refused by their `expiresAt`.
 */
export function kafkaRequestServer(options: KafkaServerOptions): ResilientKafkaServer {
  return new ResilientKafkaServer({
    postfixId: '',
    client: {
      clientId: options.clientId,
      brokers: [...options.brokers],
      connectionTimeout: 1_000,
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 },
      logCreator: () => () => undefined,
    },
    consumer: { groupId: options.groupId, ...options.timings },
    subscribe: { fromBeginning: true },
    producer: { allowAutoTopicCreation: false },
    run: { partitionsConsumedConcurrently: 3 },
  });
}
