import { randomUUID } from 'node:crypto';

import {
  createEnvelope,
  deadLetterQueue,
  KAFKA_TOPICS,
  kafkaTopicLayout,
  RABBITMQ_QUEUES,
  RABBITMQ_RPC_PATTERNS,
  RESERVE_STOCK_V1,
  toAmqpMessage,
} from '@commlab/contracts';
import { type KafkaLite, startKafkaLite } from '@commlab/kafka-lite';
import { assertCommlabTopology, RMQ_POLICY_HEADERS } from '@commlab/messaging-rabbitmq';
import { waitFor } from '@commlab/testing';
import { status } from '@grpc/grpc-js';
import amqp, { type ChannelModel, type ConfirmChannel, type GetMessage } from 'amqplib';
import { type Consumer, Kafka, logLevel, type Producer } from 'kafkajs';

import type { RunningInventoryService } from '../src';
import { inventoryGrpcClient, inventoryHttpClient } from './inventory-clients';
import { type DurableStores, postgresSchemas } from './support/durable-stores';
import { startTestInventory } from './support/start-test-inventory';
import { useTestTokenIssuer } from './support/test-token-issuer';
import { useThrowawayRabbitMq } from './support/throwaway-rabbitmq';

jest.setTimeout(60_000);

const rabbitmqUrl = useThrowawayRabbitMq('inventory-control-chars');
// ReserveStock and ReleaseStock need a service token on every transport: these requests carry one, so
// what refuses them is the validation at the edge.
const tokens = useTestTokenIssuer();
const authorization = () => `Bearer ${tokens.serviceToken()}`;

const SKUS = [{ sku: 'nul-mug', unitPriceCents: 1250, currency: 'USD', initialStock: 100 }];

const pgliteInMemory: DurableStores = {
  name: 'PGlite (in memory)',
  create: () => Promise.resolve({}),
  teardown: () => Promise.resolve(),
};

const id = (prefix: string) => `${prefix}-${randomUUID()}`;
const NUL = '\u0000';
const item = { sku: 'nul-mug', quantity: 1 };

/** A field problem as every transport reports it: the field, and that it holds a control character. */
const controlCharacterIn = (path: string) => ({
  path,
  problem: expect.stringContaining('must not contain control characters') as string,
});

/**
 * A NUL in a reservation id used to reach PostgreSQL/PGlite (SQLSTATE 22021) and come back as 500
 * INTERNAL. Every transport of ReserveStock now refuses it at the edge, naming the field: REST 400,
 * gRPC INVALID_ARGUMENT, RabbitMQ and Kafka RPC an INVALID_REQUEST error reply, a RabbitMQ command a
 * dead letter. Real RabbitMQ (own vhost), kafka-lite, PGlite and PostgreSQL.
 */
describe.each([pgliteInMemory, postgresSchemas()])(
  'inventory-service refuses control characters on $name',
  (stores) => {
    let kafka: KafkaLite;
    let inventory: RunningInventoryService;
    let grpc: ReturnType<typeof inventoryGrpcClient>;
    let http: ReturnType<typeof inventoryHttpClient>;
    let connection: ChannelModel;
    let channel: ConfirmChannel;
    let producer: Producer;
    let replies: Consumer;
    const replyHeaders = new Map<string, Record<string, string>>();

    beforeAll(async () => {
      kafka = await startKafkaLite({
        port: 0,
        logLevel: 'silent',
        topics: kafkaTopicLayout(),
        groupInitialRebalanceDelayMs: 0,
      });
      inventory = await startTestInventory({
        store: await stores.create(),
        kafkaBrokers: kafka.bootstrap,
        rabbitmqUrl: rabbitmqUrl(),
        authUrl: tokens.authUrl,
        seedItems: SKUS,
      });
      grpc = inventoryGrpcClient(inventory.grpcUrl, () => tokens.serviceToken());
      http = inventoryHttpClient(inventory.httpUrl, () => tokens.serviceToken());
      connection = await amqp.connect(rabbitmqUrl());
      channel = await connection.createConfirmChannel();
      await assertCommlabTopology(channel);

      const client = new Kafka({ brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING });
      producer = client.producer();
      await producer.connect();
      replies = client.consumer({ groupId: `control-chars-replies-${randomUUID()}`, maxWaitTimeInMs: 100 });
      await replies.connect();
      await replies.subscribe({ topic: KAFKA_TOPICS.inventoryReserveStockReply, fromBeginning: true });
      await replies.run({
        eachMessage: ({ message }) => {
          const headers = Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
          );
          const correlationId = headers.kafka_correlationId;
          if (correlationId !== undefined) replyHeaders.set(correlationId, headers);
          return Promise.resolve();
        },
      });
    }, 60_000);

    afterAll(async () => {
      await replies.disconnect().catch(() => undefined);
      await producer.disconnect().catch(() => undefined);
      await connection.close().catch(() => undefined);
      grpc.close();
      await inventory.close();
      await kafka.close();
      await stores.teardown();
    });

    it('POST /reservations: 400 naming reservationId (and orderId, and a SKU)', async () => {
      const result = await http.post('/reservations', {
        reservationId: `a${NUL}b`,
        orderId: `o${NUL}`,
        items: [{ sku: `mug${NUL}`, quantity: 1 }],
      });
      expect(result.status).toBe(400);
      expect(result.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(result.body.details).toEqual({
        fields: [
          controlCharacterIn('reservationId'),
          controlCharacterIn('orderId'),
          controlCharacterIn('items[0].sku'),
        ],
      });
    });

    it('POST /reservations: other control characters too (ESC, DEL, a C1 control)', async () => {
      for (const bad of ['\u001b[2J', 'a\u007f', 'a\u0085']) {
        const result = await http.post('/reservations', { reservationId: bad, items: [item] });
        expect(result).toMatchObject({
          status: 400,
          body: { details: { fields: [controlCharacterIn('reservationId')] } },
        });
      }
    });

    it('DELETE /reservations/a%00b: 400 naming the reservation id', async () => {
      const result = await http.delete('/reservations/a%00b');
      expect(result.status).toBe(400);
      expect(result.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: [controlCharacterIn('')] },
      });
      expect(String(result.body.message)).toMatch(/^invalid reservation id: /);
    });

    it('gRPC ReserveStock and ReleaseStock: INVALID_ARGUMENT naming reservation_id', async () => {
      const reserved = await grpc.reserveStock({ reservationId: `a${NUL}`, orderId: '', items: [item] });
      expect(reserved).toMatchObject({
        ok: false,
        code: status.INVALID_ARGUMENT,
        errorCode: 'INVALID_REQUEST',
        details: { fields: [controlCharacterIn('reservationId')] },
      });
      const released = await grpc.releaseStock({ reservationId: `a${NUL}` });
      expect(released).toMatchObject({
        ok: false,
        code: status.INVALID_ARGUMENT,
        errorCode: 'INVALID_REQUEST',
      });
      // The service is fine: a clean request still works.
      const ok = await grpc.reserveStock({ reservationId: id('grpc'), orderId: '', items: [item] });
      expect(ok).toMatchObject({ ok: true });
    });

    /** One raw AMQP RPC call the way NestJS's client makes it: `{pattern, data, id}` with direct reply-to. */
    async function rmqRpc(data: unknown): Promise<{ response?: unknown; err?: unknown }> {
      const rpcChannel = await connection.createChannel();
      try {
        const correlationId = randomUUID();
        const reply = new Promise<{ response?: unknown; err?: unknown }>((resolve) => {
          void rpcChannel.consume(
            'amq.rabbitmq.reply-to',
            (message) => {
              if (message?.properties.correlationId === correlationId) {
                resolve(
                  JSON.parse(message.content.toString('utf8')) as { response?: unknown; err?: unknown },
                );
              }
            },
            { noAck: true },
          );
        });
        rpcChannel.sendToQueue(
          RABBITMQ_QUEUES.inventoryRpc,
          Buffer.from(
            JSON.stringify({ pattern: RABBITMQ_RPC_PATTERNS.reserveStock, data, id: correlationId }),
          ),
          { replyTo: 'amq.rabbitmq.reply-to', correlationId, headers: { authorization: authorization() } },
        );
        return await reply;
      } finally {
        await rpcChannel.close();
      }
    }

    it('RabbitMQ RPC (inventory.rpc): an INVALID_REQUEST error reply naming the field; the request is acked', async () => {
      const answer = await rmqRpc({ reservationId: `a${NUL}`, items: [item] });
      expect(answer.response).toBeUndefined();
      expect(answer.err).toMatchObject({
        code: 'INVALID_REQUEST',
        status: 400,
        details: { fields: [controlCharacterIn('reservationId')] },
      });
      const ok = await rmqRpc({ reservationId: id('rmq'), items: [item] });
      expect(ok.response).toMatchObject({ totalCents: 1250 });
      expect((await channel.checkQueue(RABBITMQ_QUEUES.inventoryRpc)).messageCount).toBe(0);
    });

    /** One raw Kafka request the way NestJS's ClientKafka makes it; the reply's headers. */
    async function kafkaRpc(value: unknown): Promise<Record<string, string>> {
      const correlationId = randomUUID();
      await producer.send({
        topic: KAFKA_TOPICS.inventoryReserveStock,
        messages: [
          {
            key: correlationId,
            value: JSON.stringify(value),
            headers: {
              kafka_correlationId: correlationId,
              kafka_replyTopic: KAFKA_TOPICS.inventoryReserveStockReply,
              kafka_replyPartition: '0',
              authorization: authorization(),
            },
          },
        ],
      });
      return waitFor(() => replyHeaders.get(correlationId), {
        timeoutMs: 20_000,
        description: `a reply to ${correlationId} on ${KAFKA_TOPICS.inventoryReserveStockReply}`,
      });
    }

    it('Kafka request-reply (inventory.reserve-stock): an INVALID_REQUEST error reply naming the field', async () => {
      const headers = await kafkaRpc({ reservationId: `a${NUL}`, items: [item] });
      const error = JSON.parse(headers['kafka_nest-err'] ?? 'null') as unknown;
      expect(error).toMatchObject({
        code: 'INVALID_REQUEST',
        status: 400,
        details: { fields: [controlCharacterIn('reservationId')] },
      });
      const ok = await kafkaRpc({ reservationId: id('kafka'), items: [item] });
      expect(ok['kafka_nest-err']).toBeUndefined();
    });

    it('RabbitMQ command (inventory.commands): dead-lettered with the field in its reason; the consumer goes on', async () => {
      const reservationId = `a${NUL}`;
      const bad = toAmqpMessage(
        createEnvelope({
          type: RESERVE_STOCK_V1,
          source: '/commlab/test',
          subject: 'nul',
          data: { reservationId, orderId: reservationId, items: [item] },
        }),
      );
      const messageId = id('nul-command');
      channel.sendToQueue(RABBITMQ_QUEUES.inventoryCommands, bad.content, { ...bad.options, messageId });
      await channel.waitForConfirms();

      const dlq = deadLetterQueue(RABBITMQ_QUEUES.inventoryCommands);
      const dead = await waitFor(
        async () => {
          const message: GetMessage | false = await channel.get(dlq, { noAck: true });
          return message !== false && message.properties.messageId === messageId ? message : undefined;
        },
        { timeoutMs: 10_000, description: `the NUL command in ${dlq}` },
      );
      expect(String(dead.properties.headers?.[RMQ_POLICY_HEADERS.reason])).toMatch(
        /data\.reservationId must not contain control characters/,
      );
      const stock = await http.get('/stock/nul-mug');
      expect(stock.status).toBe(200);
    });
  },
);
