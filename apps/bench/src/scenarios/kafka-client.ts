import { noDelaySocketFactory } from '@commlab/messaging-kafka';
import { type Consumer, type EachBatchPayload, Kafka, logLevel, Partitioners } from 'kafkajs';

export function createKafka(brokers: string[], clientId: string, log: (line: string) => void): Kafka {
  return new Kafka({
    brokers,
    clientId,
    socketFactory: noDelaySocketFactory,
    logLevel: logLevel.ERROR,
    logCreator: () => (entry) => {
      log(`kafkajs ${entry.namespace}: ${entry.log.message}`);
    },
  });
}

export function createProducer(kafka: Kafka) {
  return kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
}

/** Creates the run's topics (one partition each: one ordered stream, like a single consumer sees). */
export async function createTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: topics.map((topic) => ({ topic, numPartitions: 1 })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/**
 * A consumer-group member on one topic, running `onBatch` for each fetched batch, resolved once it has
 * joined its group. Low-latency settings: a fetch returns as soon as one byte is there (`minBytes: 1`)
 * and otherwise parks at the broker for up to 100 ms, so an idle consumer costs ~10 fetches/s.
 */
export async function startConsumer(
  kafka: Kafka,
  groupId: string,
  topic: string,
  onBatch: (payload: EachBatchPayload) => Promise<void>,
): Promise<Consumer> {
  const consumer = kafka.consumer({
    groupId,
    minBytes: 1,
    maxWaitTimeInMs: 100,
    heartbeatInterval: 1000,
    sessionTimeout: 10_000,
    rebalanceTimeout: 10_000,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const joined = new Promise<void>((resolve) => {
    consumer.on(consumer.events.GROUP_JOIN, () => {
      resolve();
    });
  });
  await consumer.run({ eachBatch: onBatch, eachBatchAutoResolve: true });
  await joined;
  return consumer;
}
