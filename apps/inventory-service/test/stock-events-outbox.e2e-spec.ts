import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  CORRELATION_ID_HEADER,
  fromKafkaRecord,
  KAFKA_TOPICS,
  STOCK_REJECTED_V1,
  STOCK_RELEASED_V1,
  STOCK_RESERVED_V1,
} from '@commlab/contracts';
import type { KafkaLite } from '@commlab/kafka-lite';
import { freePort, waitFor } from '@commlab/testing';
import type { KafkaMessage } from 'kafkajs';

import type { RunningInventoryService } from '../src';
import { inventoryGrpcClient } from './inventory-clients';
import { type DurableStores, pgliteOnDisk, postgresSchemas } from './support/durable-stores';
import { startTestInventory } from './support/start-test-inventory';
import { useTestTokenIssuer } from './support/test-token-issuer';
import { useThrowawayRabbitMq } from './support/throwaway-rabbitmq';
import { startTestKafka } from './support/test-kafka';
import { header, type TopicReader } from './support/topic-reader';

jest.setTimeout(30_000);

const rabbitmqUrl = useThrowawayRabbitMq('inventory-outbox');
const tokens = useTestTokenIssuer();

const SKUS = [
  { sku: 'outbox-mug', unitPriceCents: 1250, currency: 'USD', initialStock: 100 },
  { sku: 'outbox-tee', unitPriceCents: 2000, currency: 'USD', initialStock: 50 },
  { sku: 'outbox-none', unitPriceCents: 1500, currency: 'USD', initialStock: 0 },
];

const id = (prefix: string) => `${prefix}-${randomUUID()}`;

/** Long enough for a duplicate (or a wrongly published event) to reach the reader. */
const SETTLE_MS = 700;

interface OutboxRow {
  status: string;
  attempts: number;
}

/** A StockReserved/Rejected/Released as read from the `inventory` topic, checked against its schema. */
function parseEvent(message: KafkaMessage | undefined) {
  const parsed = fromKafkaRecord({ value: message?.value ?? null, headers: message?.headers ?? {} });
  if (!parsed.ok) throw new Error(`invalid inventory event: ${JSON.stringify(parsed.error)}`);
  return parsed.message;
}

/**
 * inventory-service publishes its state changes (StockReserved, StockRejected, StockReleased) to Kafka
 * topic `inventory` through the transactional outbox: a real kafka-lite broker, read with a kafkajs
 * consumer; the store on PGlite and on PostgreSQL.
 */
describe.each([pgliteOnDisk(), postgresSchemas()])(
  'stock events via the outbox on $name',
  (stores: DurableStores) => {
    let kafka: KafkaLite;
    let topic: TopicReader;
    let inventory: RunningInventoryService;

    beforeAll(async () => {
      ({ kafka, topic } = await startTestKafka());
      inventory = await startTestInventory({
        store: await stores.create(),
        kafkaBrokers: kafka.bootstrap,
        rabbitmqUrl: rabbitmqUrl(),
        authUrl: tokens.authUrl,
        seedItems: SKUS,
      });
    }, 60_000);

    afterAll(async () => {
      await inventory.close();
      await topic.stop();
      await kafka.close();
      await stores.teardown();
    });

    const post = (baseUrl: string, body: unknown, correlationId: string) =>
      fetch(`${baseUrl}/reservations`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${tokens.serviceToken()}`,
          [CORRELATION_ID_HEADER]: correlationId,
        },
        body: JSON.stringify(body),
      });

    const arrived = (key: string, count: number, what: string) =>
      waitFor(() => topic.withKey(key).length >= count, {
        timeoutMs: 10_000,
        description: `${what} (key ${key}) on ${KAFKA_TOPICS.inventory}`,
      });

    const outboxRows = async (service: RunningInventoryService, key: string) =>
      (
        await service.database.query<OutboxRow>(
          'SELECT status, attempts FROM outbox_messages WHERE message_key = $1 ORDER BY sequence',
          [key],
        )
      ).rows;

    it('a reservation → one commlab.stock.reserved.v1 keyed by reservation id; a repeat publishes nothing', async () => {
      const reservationId = id('res');
      const orderId = id('order');
      const correlationId = id('corr');
      const request = {
        reservationId,
        orderId,
        items: [
          { sku: 'outbox-mug', quantity: 2 },
          { sku: 'outbox-tee', quantity: 1 },
        ],
      };
      const response = await post(inventory.httpUrl, request, correlationId);
      expect(response.status).toBe(201);

      await arrived(reservationId, 1, 'StockReserved');
      const repeat = await post(inventory.httpUrl, request, id('corr'));
      expect(repeat.status).toBe(201);
      await sleep(SETTLE_MS);

      const messages = topic.withKey(reservationId);
      expect(messages).toHaveLength(1);
      const [message] = messages;
      expect(header(message, 'ce_type')).toBe(STOCK_RESERVED_V1);
      expect(header(message, 'ce_id')).toEqual(expect.any(String));
      expect(header(message, 'ce_correlationid')).toBe(correlationId);
      const event = parseEvent(message);
      expect(event).toMatchObject({
        type: STOCK_RESERVED_V1,
        id: header(message, 'ce_id'),
        source: '/commlab/inventory-service',
        subject: reservationId,
        correlationid: correlationId,
        causationid: correlationId,
      });
      expect(event.data).toEqual({
        reservationId,
        orderId,
        items: [
          { sku: 'outbox-mug', quantity: 2, unitPriceCents: 1250 },
          { sku: 'outbox-tee', quantity: 1, unitPriceCents: 2000 },
        ],
        totalCents: 4500,
        currency: 'USD',
        reservedAt: expect.any(String) as string,
      });
      expect((await outboxRows(inventory, reservationId)).map((row) => row.status)).toEqual(['SENT']);
    });

    it('a reservation over gRPC publishes the same event', async () => {
      const reservationId = id('res-grpc');
      const client = inventoryGrpcClient(inventory.grpcUrl, () => tokens.serviceToken());
      try {
        const result = await client.reserveStock({
          reservationId,
          orderId: reservationId,
          items: [{ sku: 'outbox-mug', quantity: 1 }],
        });
        expect(result.ok).toBe(true);
      } finally {
        client.close();
      }
      await arrived(reservationId, 1, 'StockReserved');
      expect(parseEvent(topic.withKey(reservationId)[0])).toMatchObject({
        type: STOCK_RESERVED_V1,
        subject: reservationId,
        data: { reservationId, items: [{ sku: 'outbox-mug', quantity: 1, unitPriceCents: 1250 }] },
      });
    });

    it('an out-of-stock reservation → commlab.stock.rejected.v1 OUT_OF_STOCK naming the short SKUs', async () => {
      const reservationId = id('res-short');
      const correlationId = id('corr');
      const response = await post(
        inventory.httpUrl,
        {
          reservationId,
          items: [
            { sku: 'outbox-mug', quantity: 1 },
            { sku: 'outbox-none', quantity: 1 },
          ],
        },
        correlationId,
      );
      expect(response.status).toBe(409);

      await arrived(reservationId, 1, 'StockRejected');
      await sleep(SETTLE_MS);
      const messages = topic.withKey(reservationId);
      expect(messages).toHaveLength(1);
      expect(header(messages[0], 'ce_type')).toBe(STOCK_REJECTED_V1);
      const event = parseEvent(messages[0]);
      expect(event).toMatchObject({ subject: reservationId, correlationid: correlationId });
      expect(event.data).toEqual({
        reservationId,
        orderId: reservationId,
        reason: 'OUT_OF_STOCK',
        skus: ['outbox-none'],
        rejectedAt: expect.any(String) as string,
      });
    });

    it('a release → commlab.stock.released.v1 after the StockReserved; a second release publishes nothing', async () => {
      const reservationId = id('res-release');
      const correlationId = id('corr');
      const reserved = await post(
        inventory.httpUrl,
        { reservationId, items: [{ sku: 'outbox-tee', quantity: 3 }] },
        correlationId,
      );
      expect(reserved.status).toBe(201);
      const release = () =>
        fetch(`${inventory.httpUrl}/reservations/${reservationId}`, {
          method: 'DELETE',
          headers: {
            authorization: `Bearer ${tokens.serviceToken()}`,
            [CORRELATION_ID_HEADER]: correlationId,
          },
        });
      expect(await (await release()).json()).toMatchObject({ released: true });

      await arrived(reservationId, 2, 'StockReserved then StockReleased');
      expect(await (await release()).json()).toMatchObject({ released: false });
      await sleep(SETTLE_MS);

      const messages = topic.withKey(reservationId);
      expect(messages.map((message) => header(message, 'ce_type'))).toEqual([
        STOCK_RESERVED_V1,
        STOCK_RELEASED_V1,
      ]);
      const event = parseEvent(messages[1]);
      expect(event).toMatchObject({ subject: reservationId, correlationid: correlationId });
      expect(event.data).toEqual({
        reservationId,
        orderId: reservationId,
        items: [{ sku: 'outbox-tee', quantity: 3 }],
        releasedAt: expect.any(String) as string,
      });
    });

    it('Kafka down: reservations still succeed, events wait PENDING, and a restart on the same store publishes them once', async () => {
      const store = await stores.create();
      const unreachable = `127.0.0.1:${String(await freePort())}`;
      const offline = await startTestInventory({
        store,
        kafkaBrokers: unreachable,
        rabbitmqUrl: rabbitmqUrl(),
        authUrl: tokens.authUrl,
        seedItems: SKUS,
      });
      const reservationId = id('res-offline');
      const correlationId = id('corr');
      let closed = false;
      try {
        const started = Date.now();
        const response = await post(
          offline.httpUrl,
          { reservationId, items: [{ sku: 'outbox-mug', quantity: 4 }] },
          correlationId,
        );
        expect(response.status).toBe(201);
        expect(Date.now() - started).toBeLessThan(5_000);
        expect((await fetch(`${offline.httpUrl}/health`)).status).toBe(200);

        // The relay tried, failed and backs off: the row is still PENDING, nothing reached the topic.
        await waitFor(
          async () => (await outboxRows(offline, reservationId)).some((row) => row.attempts > 0),
          { timeoutMs: 10_000, description: 'a failed publish attempt' },
        );
        expect(await outboxRows(offline, reservationId)).toEqual([
          { status: 'PENDING', attempts: expect.any(Number) as number },
        ]);
        const stopping = Date.now();
        await offline.close();
        closed = true;
        expect(Date.now() - stopping).toBeLessThan(3_000);
      } finally {
        if (!closed) await offline.close();
      }
      expect(topic.withKey(reservationId)).toEqual([]);

      const online = await startTestInventory({
        store,
        kafkaBrokers: kafka.bootstrap,
        rabbitmqUrl: rabbitmqUrl(),
        authUrl: tokens.authUrl,
        seedItems: SKUS,
      });
      try {
        await arrived(reservationId, 1, 'StockReserved after the restart');
        await sleep(SETTLE_MS);
        const messages = topic.withKey(reservationId);
        expect(messages).toHaveLength(1);
        expect(parseEvent(messages[0])).toMatchObject({
          type: STOCK_RESERVED_V1,
          subject: reservationId,
          correlationid: correlationId,
          data: { reservationId, items: [{ sku: 'outbox-mug', quantity: 4, unitPriceCents: 1250 }] },
        });
        expect(await outboxRows(online, reservationId)).toEqual([
          { status: 'SENT', attempts: expect.any(Number) as number },
        ]);
      } finally {
        await online.close();
      }
      // Two inventory boots on one store (an on-disk PGlite is the slowest): 8 s alone, more beside the suite.
    }, 90_000);
  },
);
