import { KAFKA_TOPICS } from '@commlab/contracts';
import { noDelaySocketFactory } from '@commlab/messaging-kafka';
import { ClientKafka } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';

import type { Scenario } from '../../scenario';
import { requestMessage } from '../payload';
import { firstSuccess } from './first-success';
import { replyPartitionAssigned } from './reply-partition';
import { checkReservation } from './reservation-check';
import { reservationIds } from './reservation-ids';
import { withBenchStack } from './shared-bench-stack';

const REQUEST_TOPIC = KAFKA_TOPICS.inventoryReserveStock;
const REPLY_TOPIC = KAFKA_TOPICS.inventoryReserveStockReply;

/** How long setup waits for the reply partition, then for a first answer (the services' groups join). */
const SETUP_WAIT_MS = 30_000;

/** ClientKafka's settings as order-service's inventoryKafkaClient has them, on the bench's own group. */
function benchInventoryKafkaClient(brokers: string[], runId: string, timeoutMs: number): ClientKafka {
  const quickRetry = { retries: 1, initialRetryTime: 100, maxRetryTime: 500 };
  return new ClientKafka({
    postfixId: '',
    client: {
      clientId: `commlab-bench-reserve-stock-${runId}`,
      brokers,
      connectionTimeout: Math.min(1_000, timeoutMs),
      requestTimeout: Math.max(1_000, timeoutMs),
      retry: quickRetry,
      logCreator: () => () => undefined,
      socketFactory: noDelaySocketFactory,
    },
    consumer: {
      // A group of the bench's own: commlab's `order-reserve-stock-replies` belongs to order-services.
      groupId: `bench-reserve-stock-replies-${runId}`,
      heartbeatInterval: 1_000,
      sessionTimeout: 10_000,
      maxWaitTimeInMs: 100,
      // Unlike order's client (whose KafkaStockReserver reconnects itself), the bench's lives for the
      // whole run: kafkajs restarts a crashed consumer, and the crash is reported (setup logs it).
      retry: { ...quickRetry, restartOnFailure: () => Promise.resolve(true) },
    },
    subscribe: { fromBeginning: true },
    producer: { allowAutoTopicCreation: false, retry: quickRetry },
  });
}

/**
 * The real inventory-service's ReserveStock over Kafka request-reply, called as order-service's
 * KafkaStockReserver calls it: NestJS `ClientKafka.send` to `inventory.reserve-stock` (keyed by the
 * reservation id, `expiresAt` = now + DOWNSTREAM_TIMEOUT_MS, NestJS's correlation id, reply topic and
 * reply partition in headers) with order's client settings; inventory's ServerKafka reserves (PGlite)
 * and produces the reservation to `inventory.reserve-stock.reply`, where the client's reply consumer
 * (its own group, one of the reply topic's 3 partitions) matches it. Two differences from order's
 * client: the bench's consumer group, and TCP_NODELAY on (commlab's Kafka clients leave it off).
 */
export const kafkaInventory: Scenario = {
  name: 'rr.kafka.inventory',
  group: 'request-reply',
  transport: 'kafka',
  kind: 'framework',
  baseline: 'rr.kafka.raw',
  description:
    'ReserveStock on the real inventory-service: ClientKafka.send → inventory.reserve-stock → .reply',
  needs: ['rabbitmq', 'redis', 'kafka'],
  setup: (context) =>
    withBenchStack(context, async (lease) => {
      const { stack } = lease;
      await stack.checkStock();
      await stack.serviceToken.ready();
      const timeoutMs = stack.downstreamTimeoutMs;
      const client = benchInventoryKafkaClient(stack.kafka.brokers, context.runId, timeoutMs);
      const close = async () => {
        await client.close().catch(() => undefined);
        await lease.release();
      };
      try {
        client.subscribeToResponseOf(REQUEST_TOPIC);
        await client.connect();
        await replyPartitionAssigned(client, REPLY_TOPIC, SETUP_WAIT_MS);
        const { consumer } = client;
        consumer.on(consumer.events.CRASH, (event) => {
          context.log(
            `rr.kafka.inventory: reply consumer crashed (${String(event.payload.error)}); restart: ${String(event.payload.restart)}`,
          );
        });
        const ids = reservationIds('kafka', context.runId);
        let seq = 0;
        const reserve = async () => {
          const request = requestMessage(ids(seq++));
          const value = { ...request, expiresAt: new Date(Date.now() + timeoutMs).toISOString() };
          const reply = await firstValueFrom(
            client.send<unknown>(REQUEST_TOPIC, {
              key: request.reservationId,
              value,
              headers: { authorization: `Bearer ${stack.serviceToken.token}` },
            }),
          );
          checkReservation(reply);
          return { value, reply };
        };
        // inventory's Kafka server joins its group in the background: early requests may expire.
        const first = await firstSuccess(reserve, 'rr.kafka.inventory first call', {
          totalMs: SETUP_WAIT_MS,
          attemptMs: timeoutMs + 1_000,
        });
        return {
          placement: `NestJS ClientKafka in the bench process; inventory-service: ${stack.where.services}; ${stack.where.kafka}`,
          payloadBytes: {
            request: Buffer.byteLength(JSON.stringify(first.value)),
            reply: Buffer.byteLength(JSON.stringify(first.reply)),
          },
          call: async () => {
            await reserve();
          },
          close,
        };
      } catch (error) {
        await client.close().catch(() => undefined);
        throw error;
      }
    }),
};
