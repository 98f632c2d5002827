import {
  createEnvelope,
  deadLetterQueue,
  KAFKA_CONSUMER_GROUPS,
  KAFKA_GROUP_TOPICS,
  KAFKA_TOPICS,
  NOTIFICATION_REQUESTED_V1,
  ORDER_CANCELLED_V1,
  ORDER_PLACED_V1,
  RABBITMQ_EXCHANGES,
  RABBITMQ_QUEUES,
  RABBITMQ_ROUTING_KEYS,
  RABBITMQ_RPC_PATTERNS,
  RABBITMQ_SUBSCRIPTIONS,
  RESERVE_STOCK_V1,
  retryQueue,
  STOCK_RESERVED_V1,
  toAmqpMessage,
  toKafkaRecord,
} from '@commlab/contracts';
import { assertCommlabTopology } from '@commlab/messaging-rabbitmq';
import { waitFor } from '@commlab/testing';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import fc from 'fast-check';
import { type Admin, Kafka, logLevel, type Producer } from 'kafkajs';

import { hostileBody, hostileContentType, hostileString } from './arbitraries';

/**
 * Valid messages of each consumer (as their producers send them): mutations of their bodies and headers
 * reach the handlers, not only the parsing.
 */
const ORDER_ID = '00000000-0000-4000-8000-000000000001';
const line = { sku: 'mug-red', quantity: 1, unitPriceCents: 1250, lineTotalCents: 1250 };
const envelopes = {
  notificationRequested: createEnvelope({
    source: '/commlab/fuzz',
    type: NOTIFICATION_REQUESTED_V1,
    subject: ORDER_ID,
    data: {
      notificationId: `${ORDER_ID}:order-placed`,
      orderId: ORDER_ID,
      userId: 'user-alice',
      channel: 'email',
      to: 'alice@example.com',
      template: 'order-placed',
      params: { totalCents: 1250, currency: 'USD' },
    },
  }),
  reserveStock: createEnvelope({
    source: '/commlab/fuzz',
    type: RESERVE_STOCK_V1,
    subject: ORDER_ID,
    data: { reservationId: `fuzz-${ORDER_ID}`, orderId: ORDER_ID, items: [{ sku: 'mug-red', quantity: 1 }] },
  }),
  orderPlaced: createEnvelope({
    source: '/commlab/fuzz',
    type: ORDER_PLACED_V1,
    subject: ORDER_ID,
    data: {
      orderId: ORDER_ID,
      userId: 'user-alice',
      mode: 'sync',
      items: [line],
      totalCents: 1250,
      currency: 'USD',
      placedAt: new Date(0).toISOString(),
    },
  }),
  orderCancelled: createEnvelope({
    source: '/commlab/fuzz',
    type: ORDER_CANCELLED_V1,
    subject: ORDER_ID,
    data: {
      orderId: ORDER_ID,
      userId: 'user-alice',
      reservationId: `fuzz-${ORDER_ID}`,
      mode: 'async',
      previousStatus: 'PENDING',
      items: [{ sku: 'mug-red', quantity: 1 }],
      cancelledAt: new Date(0).toISOString(),
    },
  }),
  stockReserved: createEnvelope({
    source: '/commlab/fuzz',
    type: STOCK_RESERVED_V1,
    subject: ORDER_ID,
    data: {
      reservationId: `fuzz-${ORDER_ID}`,
      orderId: ORDER_ID,
      items: [line],
      totalCents: 1250,
      currency: 'USD',
      reservedAt: new Date(0).toISOString(),
    },
  }),
};

/** Where a RabbitMQ message goes: a queue (default exchange) or an exchange with a routing key. */
export interface RabbitTarget {
  name: string;
  exchange: string;
  routingKey: string;
  valid: { content: unknown; type?: string; headers: Record<string, unknown> };
  rpc?: boolean;
}

const amqpValid = (envelope: Parameters<typeof toAmqpMessage>[0]) => {
  const message = toAmqpMessage(envelope);
  return { content: envelope.data, type: message.options.type, headers: message.options.headers };
};

export const RABBIT_TARGETS: RabbitTarget[] = [
  {
    name: `queue ${RABBITMQ_QUEUES.notificationsSend}`,
    exchange: '',
    routingKey: RABBITMQ_QUEUES.notificationsSend,
    valid: amqpValid(envelopes.notificationRequested),
  },
  {
    name: `queue ${RABBITMQ_QUEUES.inventoryCommands}`,
    exchange: '',
    routingKey: RABBITMQ_QUEUES.inventoryCommands,
    valid: amqpValid(envelopes.reserveStock),
  },
  {
    name: `RPC queue ${RABBITMQ_QUEUES.inventoryRpc}`,
    exchange: '',
    routingKey: RABBITMQ_QUEUES.inventoryRpc,
    valid: {
      content: { pattern: RABBITMQ_RPC_PATTERNS.reserveStock, data: envelopes.reserveStock.data, id: 'fuzz' },
      headers: {},
    },
    rpc: true,
  },
  ...[RABBITMQ_ROUTING_KEYS.orderPlaced, RABBITMQ_ROUTING_KEYS.orderConfirmed].map((routingKey) => ({
    name: `${RABBITMQ_EXCHANGES.events} ${routingKey} (${RABBITMQ_SUBSCRIPTIONS.notificationOrderEvents.queue})`,
    exchange: RABBITMQ_EXCHANGES.events,
    routingKey,
    valid: amqpValid(envelopes.orderPlaced),
  })),
  {
    name: `${RABBITMQ_EXCHANGES.events} ${RABBITMQ_ROUTING_KEYS.orderCancelled} (${RABBITMQ_SUBSCRIPTIONS.inventoryOrderCancellations.queue})`,
    exchange: RABBITMQ_EXCHANGES.events,
    routingKey: RABBITMQ_ROUTING_KEYS.orderCancelled,
    valid: amqpValid(envelopes.orderCancelled),
  },
  ...[RABBITMQ_QUEUES.notificationsSend, RABBITMQ_SUBSCRIPTIONS.notificationOrderEvents.queue].map(
    (queue) => ({
      name: `dead-letter queue ${deadLetterQueue(queue)}`,
      exchange: '',
      routingKey: deadLetterQueue(queue),
      valid: {
        ...amqpValid(envelopes.notificationRequested),
        headers: {
          ...amqpValid(envelopes.notificationRequested).headers,
          'x-death': [{ queue, reason: 'rejected', count: 1, exchange: '', 'routing-keys': [queue] }],
        },
      },
    }),
  ),
];

/** The queues services consume: each must end empty (nothing ready, nothing left unacked). */
export const CONSUMED_QUEUES = [
  RABBITMQ_QUEUES.notificationsSend,
  retryQueue(RABBITMQ_QUEUES.notificationsSend),
  RABBITMQ_QUEUES.inventoryCommands,
  RABBITMQ_QUEUES.inventoryRpc,
  RABBITMQ_SUBSCRIPTIONS.notificationOrderEvents.queue,
  retryQueue(RABBITMQ_SUBSCRIPTIONS.notificationOrderEvents.queue),
  RABBITMQ_SUBSCRIPTIONS.inventoryOrderCancellations.queue,
  retryQueue(RABBITMQ_SUBSCRIPTIONS.inventoryOrderCancellations.queue),
  deadLetterQueue(RABBITMQ_QUEUES.notificationsSend),
  deadLetterQueue(RABBITMQ_SUBSCRIPTIONS.notificationOrderEvents.queue),
];

const headerValue = fc.oneof(
  hostileString.map((text) => text.slice(0, 2_000)),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constant({ nested: 'x' }),
);

const headersArbitrary = (valid: Record<string, unknown>) =>
  fc
    .record({
      keep: fc.subarray(Object.keys(valid)),
      replace: fc.dictionary(fc.constantFrom(...Object.keys(valid), 'x-death', 'x-attempt'), headerValue, {
        maxKeys: 2,
      }),
    })
    .map(({ keep, replace }) => ({
      ...Object.fromEntries(keep.map((key) => [key, valid[key]])),
      ...replace,
    }));

export interface RabbitCase {
  content: Buffer;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  type: string | undefined;
  headers: Record<string, unknown>;
}

export function rabbitCaseArbitrary(target: RabbitTarget): fc.Arbitrary<RabbitCase> {
  return fc.record({
    content: hostileBody(target.valid.content),
    contentType: hostileContentType,
    contentEncoding: fc.constantFrom(undefined, undefined, 'gzip', 'utf-16', '\u0000'),
    type: fc.oneof(
      fc.constant(target.valid.type),
      fc.constantFrom(undefined, NOTIFICATION_REQUESTED_V1, RESERVE_STOCK_V1, ORDER_PLACED_V1),
      hostileString.map((text) => text.replace(/[^\x20-\x7e]/g, '?').slice(0, 200)),
    ),
    headers: headersArbitrary(target.valid.headers),
  });
}

/** A Kafka topic a service consumes. */
export interface KafkaTarget {
  topic: string;
  valid: { value: unknown; headers: Record<string, string>; key: string };
}

const kafkaValid = (envelope: Parameters<typeof toKafkaRecord>[0]) => {
  const record = toKafkaRecord(envelope);
  return { value: envelope.data, headers: record.headers, key: record.key };
};

export const KAFKA_TARGETS: KafkaTarget[] = [
  { topic: KAFKA_TOPICS.orders, valid: kafkaValid(envelopes.orderPlaced) },
  { topic: KAFKA_TOPICS.inventory, valid: kafkaValid(envelopes.stockReserved) },
  {
    topic: KAFKA_TOPICS.inventoryReserveStock,
    valid: {
      value: envelopes.reserveStock.data,
      key: ORDER_ID,
      headers: {
        kafka_correlationId: 'fuzz',
        kafka_replyTopic: KAFKA_TOPICS.inventoryReserveStockReply,
        kafka_replyPartition: '0',
      },
    },
  },
  {
    topic: KAFKA_TOPICS.inventoryReserveStockReply,
    valid: { value: { response: {} }, key: ORDER_ID, headers: { kafka_correlationId: 'fuzz' } },
  },
];

/**
 * The consumer groups that must catch up with every topic they read: all of commlab's but order's reply
 * consumers, which join only when an order asks inventory over Kafka (the client connects on its first
 * request), so nothing may ever read what the fuzz writes to the reply topic.
 */
export const CAUGHT_UP_GROUPS = Object.entries(KAFKA_GROUP_TOPICS).filter(
  ([group]) => group !== KAFKA_CONSUMER_GROUPS.orderReserveStockReplies,
);

export interface KafkaCase {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
}

export function kafkaCaseArbitrary(target: KafkaTarget): fc.Arbitrary<KafkaCase> {
  const valid = target.valid.headers;
  return fc.record({
    key: fc.oneof(
      fc.constant(Buffer.from(target.valid.key)),
      fc.constant(null),
      hostileString.map((text) => Buffer.from(text.slice(0, 1_000))),
    ),
    value: fc.oneof(
      { weight: 9, arbitrary: hostileBody(target.valid.value) },
      { weight: 1, arbitrary: fc.constant(null) },
    ),
    headers: fc
      .record({
        keep: fc.subarray(Object.keys(valid)),
        replace: fc.dictionary(
          fc.constantFrom(...Object.keys(valid), 'ce_type', 'ce_specversion', 'x-attempt'),
          fc.oneof(
            hostileString.map((text) => Buffer.from(text.slice(0, 2_000))),
            fc.uint8Array().map((bytes) => Buffer.from(bytes)),
          ),
          { maxKeys: 2 },
        ),
      })
      .map(({ keep, replace }) => ({
        ...Object.fromEntries(keep.map((key) => [key, Buffer.from(valid[key] ?? '')])),
        ...replace,
      })),
  });
}

/** A publisher on the fuzz vhost and a producer on kafka-lite, and the drain checks. */
export class BrokerClients {
  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: ConfirmChannel,
    private readonly replyQueue: string,
    private readonly producer: Producer,
    private readonly admin: Admin,
  ) {}

  static async connect(rabbitmqUrl: string, kafkaBootstrap: string): Promise<BrokerClients> {
    const connection = await amqp.connect(rabbitmqUrl);
    const channel = await connection.createConfirmChannel();
    await assertCommlabTopology(channel);
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.consume(queue, () => undefined, { noAck: true });
    const kafka = new Kafka({
      clientId: 'commlab-fuzz',
      brokers: [kafkaBootstrap],
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    const admin = kafka.admin();
    await producer.connect();
    await admin.connect();
    return new BrokerClients(connection, channel, queue, producer, admin);
  }

  async publish(target: RabbitTarget, testCase: RabbitCase): Promise<void> {
    const options = {
      persistent: true,
      ...(testCase.contentType === undefined ? {} : { contentType: testCase.contentType }),
      ...(testCase.contentEncoding === undefined ? {} : { contentEncoding: testCase.contentEncoding }),
      ...(testCase.type === undefined ? {} : { type: testCase.type }),
      headers: testCase.headers,
      ...(target.rpc === true ? { replyTo: this.replyQueue, correlationId: 'fuzz' } : {}),
    };
    this.channel.publish(target.exchange, target.routingKey, testCase.content, options);
    await this.channel.waitForConfirms();
  }

  /** Produces one record; one the broker refuses as too large never reaches a consumer (not a finding). */
  async produce(target: KafkaTarget, testCase: KafkaCase): Promise<void> {
    try {
      await this.producer.send({
        topic: target.topic,
        messages: [{ key: testCase.key, value: testCase.value, headers: testCase.headers }],
      });
    } catch (error) {
      if ((error as { type?: unknown }).type !== 'MESSAGE_TOO_LARGE') throw error;
    }
  }

  /** Queue depths (ready messages) of the consumed queues. */
  async queueDepths(): Promise<Record<string, number>> {
    const depths: Record<string, number> = {};
    for (const queue of CONSUMED_QUEUES) depths[queue] = (await this.channel.checkQueue(queue)).messageCount;
    return depths;
  }

  /** Consumers per consumed queue (0 = nobody will ever drain it). */
  async consumerCounts(): Promise<Record<string, number>> {
    const depths: Record<string, number> = {};
    for (const queue of CONSUMED_QUEUES) depths[queue] = (await this.channel.checkQueue(queue)).consumerCount;
    return depths;
  }

  /** Waits until every consumed queue is empty; returns the non-empty ones if it does not happen. */
  async waitForQueuesDrained(timeoutMs: number): Promise<Record<string, number>> {
    let depths: Record<string, number> = {};
    try {
      await waitFor(
        async () => {
          depths = await this.queueDepths();
          return Object.values(depths).every((depth) => depth === 0);
        },
        { timeoutMs, intervalMs: 250, description: 'consumed queues drained' },
      );
      return {};
    } catch {
      return Object.fromEntries(Object.entries(depths).filter(([, depth]) => depth > 0));
    }
  }

  /** Lag per group/topic/partition (committed offset behind the end); waits until none, or returns it. */
  async waitForKafkaCaughtUp(timeoutMs: number): Promise<Record<string, number>> {
    let lag: Record<string, number> = {};
    const measure = async () => {
      lag = {};
      for (const [groupId, topics] of CAUGHT_UP_GROUPS) {
        const committed = await this.admin.fetchOffsets({ groupId, topics: [...topics] });
        for (const topic of topics) {
          const ends = await this.admin.fetchTopicOffsets(topic);
          const offsets = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
          for (const end of ends) {
            const done = Number(offsets.find((p) => p.partition === end.partition)?.offset ?? '-1');
            const behind = Number(end.high) - Math.max(0, done);
            if (behind > 0) lag[`${groupId} ${topic}[${String(end.partition)}]`] = behind;
          }
        }
      }
      return Object.keys(lag).length === 0;
    };
    try {
      await waitFor(measure, { timeoutMs, intervalMs: 500, description: 'consumer groups caught up' });
      return {};
    } catch {
      return lag;
    }
  }

  async close(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}
