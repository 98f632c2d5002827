import { randomUUID } from 'node:crypto';

import { type Consumer, Kafka, type KafkaMessage, logLevel } from 'kafkajs';

/** Everything published to one Kafka topic since the reader started (from the beginning of the topic). */
export interface TopicReader {
  readonly messages: readonly KafkaMessage[];
  /** The messages with this key, in the order they arrived. */
  withKey(key: string): KafkaMessage[];
  stop(): Promise<void>;
}

/** A plain kafkajs consumer, in a group of its own, collecting every message of `topic`. */
export async function readTopic(bootstrap: string, topic: string): Promise<TopicReader> {
  const kafka = new Kafka({ brokers: [bootstrap], clientId: 'topic-reader', logLevel: logLevel.NOTHING });
  const consumer: Consumer = kafka.consumer({
    groupId: `topic-reader-${randomUUID()}`,
    maxWaitTimeInMs: 100,
    heartbeatInterval: 500,
    sessionTimeout: 10_000,
    rebalanceTimeout: 3_000,
  });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      messages.push(message);
      return Promise.resolve();
    },
  });
  return {
    messages,
    withKey: (key) => messages.filter((message) => message.key?.toString() === key),
    stop: () => consumer.disconnect(),
  };
}

/** A header of a Kafka message as text. */
export function header(message: KafkaMessage | undefined, name: string): string | undefined {
  return message?.headers?.[name]?.toString();
}
