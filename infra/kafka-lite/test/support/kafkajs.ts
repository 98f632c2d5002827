import { waitFor } from '@commlab/testing';
import type { KafkaLiteOptions } from '@commlab/kafka-lite';
import { groupTimeouts, startTestBroker, uniqueName, type TestBroker } from './broker';
import {
  Kafka,
  logLevel,
  Partitioners,
  type Admin,
  type Consumer,
  type ConsumerConfig,
  type EachMessagePayload,
  type Producer,
} from 'kafkajs';

export function kafkaClient(brokers: string[], clientId = 'kafka-lite-test'): Kafka {
  return new Kafka({
    brokers,
    clientId,
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 50 },
  });
}

export const producerOptions = { createPartitioner: Partitioners.DefaultPartitioner };

/** Consumer settings that keep rebalances and long polls short. */
export function fastConsumer(groupId: string, extra: Partial<ConsumerConfig> = {}): ConsumerConfig {
  return {
    groupId,
    maxWaitTimeInMs: 100,
    heartbeatInterval: 100,
    ...groupTimeouts(),
    retry: { retries: 10, initialRetryTime: 50 },
    ...extra,
  };
}

export interface Received {
  topic: string;
  partition: number;
  offset: string;
  key: string | undefined;
  value: string | undefined;
  headers: Record<string, string>;
}

export function toReceived({ topic, partition, message }: EachMessagePayload): Received {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(message.headers ?? {})) {
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.map(String).join(',') : v.toString();
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString(),
    value: message.value?.toString(),
    headers,
  };
}

/** Runs `consumer` collecting every message into the returned array. */
export async function collect(
  consumer: Consumer,
  options: { autoCommit?: boolean } = {},
): Promise<Received[]> {
  const got: Received[] = [];
  await consumer.run({
    autoCommit: options.autoCommit ?? true,
    eachMessage: (payload) => {
      got.push(toReceived(payload));
      return Promise.resolve();
    },
  });
  return got;
}

/** Resolves with the latest assignment after each GROUP_JOIN. */
export function trackAssignment(consumer: Consumer): { current: Record<string, number[]> } {
  const state = { current: {} as Record<string, number[]> };
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    state.current = e.payload.memberAssignment;
  });
  return state;
}

export async function waitForCount(
  items: readonly unknown[],
  n: number,
  description: string,
  timeoutMs = 10_000,
): Promise<void> {
  await waitFor(() => items.length >= n, {
    timeoutMs,
    description: `${description} (have ${items.length}/${n})`,
  });
}

/** Counts completed fetch requests of a consumer (kafkajs's FETCH instrumentation event). */
export function countFetches(consumer: Consumer): { count: number } {
  const state = { count: 0 };
  consumer.on(consumer.events.FETCH, () => {
    state.count++;
  });
  return state;
}

/** A suite's broker with a connected admin and producer, set up in beforeAll and closed in afterAll. */
export interface KafkajsSuite {
  broker: TestBroker;
  kafka: Kafka;
  admin: Admin;
  producer: Producer;
}

export function kafkajsSuite(options: KafkaLiteOptions = {}, allowExternal = true): KafkajsSuite {
  const suite = {} as KafkajsSuite;
  beforeAll(async () => {
    suite.broker = await startTestBroker(options, allowExternal);
    suite.kafka = kafkaClient(suite.broker.brokers);
    suite.admin = suite.kafka.admin();
    suite.producer = suite.kafka.producer(producerOptions);
    await Promise.all([suite.admin.connect(), suite.producer.connect()]);
  });
  afterAll(async () => {
    await Promise.all([suite.admin.disconnect(), suite.producer.disconnect()]);
    await suite.broker.close();
  });
  return suite;
}

/** Reads `count` messages of `topic` from the beginning with a new consumer group; returns them. */
export async function consumeFromStart(
  kafka: Kafka,
  topic: string,
  count: number,
  description: string,
): Promise<Received[]> {
  const consumer = kafka.consumer(fastConsumer(uniqueName('from-start')));
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const got = await collect(consumer);
    await waitForCount(got, count, description);
    return got;
  } finally {
    await consumer.disconnect();
  }
}
