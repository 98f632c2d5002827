import type { RetryPolicy } from '@commlab/resilience';

/**
 * A consumer's explicit failure policy: who it is (its Kafka consumer group or RabbitMQ queue, recorded
 * in every dead letter) and how a failed message is retried before it is dead-lettered.
 */
export interface ConsumerPolicy {
  /** The Kafka consumer group (or the queue) that consumes. */
  consumerGroup: string;
  retry: RetryPolicy;
}
