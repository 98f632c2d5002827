import { KAFKA_CONSUMER_GROUPS, KAFKA_TOPICS, kafkaTopicLayout } from '@commlab/contracts';
import { type KafkaLite, startKafkaLite } from '@commlab/kafka-lite';
import { type ThrowawayVhost, throwawayVhost, waitFor } from '@commlab/testing';
import { type Admin, Kafka, logLevel, type Producer } from 'kafkajs';

import type { RunningInventoryService } from '../src';
import { startTestInventory } from './support/start-test-inventory';

const TOPIC = KAFKA_TOPICS.inventoryReserveStock;

// Found by pnpm fuzz: NestJS ran such a record as an event; the handler's validation error crashed the
// consumer and the uncommitted record stopped its partition for every later ReserveStock request.
describe('inventory-service: hostile reply headers on inventory.reserve-stock', () => {
  let kafka: KafkaLite;
  let vhost: ThrowawayVhost;
  let inventory: RunningInventoryService;
  let producer: Producer;
  let admin: Admin;

  beforeAll(async () => {
    vhost = await throwawayVhost('kafka-no-reply');
    kafka = await startKafkaLite({
      port: 0,
      logLevel: 'silent',
      topics: kafkaTopicLayout(),
      groupInitialRebalanceDelayMs: 0,
    });
    inventory = await startTestInventory({
      store: {},
      kafkaBrokers: kafka.bootstrap,
      rabbitmqUrl: vhost.url,
    });
    const client = new Kafka({
      clientId: 'no-reply-test',
      brokers: [kafka.bootstrap],
      logLevel: logLevel.NOTHING,
    });
    producer = client.producer();
    admin = client.admin();
    await producer.connect();
    await admin.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
    await inventory.close();
    await kafka.close();
    await vhost.drop();
  });

  it('a record without reply headers is skipped and committed, so the partition keeps moving', async () => {
    await producer.send({
      topic: TOPIC,
      messages: [
        { partition: 0, value: 'not a request' },
        { partition: 0, value: null },
        { partition: 0, value: JSON.stringify({ reservationId: 'r-1' }) },
      ],
    });
    const committed = async () => {
      const [offsets] = await admin.fetchOffsets({
        groupId: KAFKA_CONSUMER_GROUPS.inventoryReserveStock,
        topics: [TOPIC],
      });
      return Number(offsets?.partitions.find((entry) => entry.partition === 0)?.offset ?? '-1');
    };
    await waitFor(async () => (await committed()) === 3, {
      timeoutMs: 20_000,
      intervalMs: 200,
      description: 'the group committed all three records of partition 0',
    });
    expect(await committed()).toBe(3);
  });

  // Found by pnpm fuzz: the refused reply was an unhandled rejection, which crashes the process.
  it('a reply topic the broker refuses is logged, not an unhandled rejection', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      await producer.send({
        topic: TOPIC,
        messages: [
          {
            partition: 1,
            value: JSON.stringify({ reservationId: 'r-2' }),
            headers: {
              kafka_correlationId: 'c-1',
              kafka_replyTopic: 'no such topic!',
              kafka_replyPartition: '0',
            },
          },
        ],
      });
      const [offsets] = await admin.fetchOffsets({
        groupId: KAFKA_CONSUMER_GROUPS.inventoryReserveStock,
        topics: [TOPIC],
      });
      expect(offsets).toBeDefined();
      await waitFor(
        async () => {
          const [latest] = await admin.fetchOffsets({
            groupId: KAFKA_CONSUMER_GROUPS.inventoryReserveStock,
            topics: [TOPIC],
          });
          return latest?.partitions.find((entry) => entry.partition === 1)?.offset === '1';
        },
        { timeoutMs: 20_000, intervalMs: 200, description: 'the request on partition 1 was handled' },
      );
      // The reply's failure surfaces after the handler: give it a moment to (not) reject.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
