import { RABBITMQ_QUEUES, RABBITMQ_RPC_PATTERNS } from '@commlab/contracts';
import { CommlabRmqClient } from '@commlab/messaging-rabbitmq';
import { RmqRecordBuilder } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';

import type { Scenario } from '../../scenario';
import { requestMessage } from '../payload';
import { firstSuccess } from './first-success';
import { checkReservation } from './reservation-check';
import { reservationIds } from './reservation-ids';
import { withBenchStack } from './shared-bench-stack';

/** NestJS's RabbitMQ client ids each request with `randomStringGenerator()`: 21 characters. */
const PACKET_ID_LENGTH = 21;

/**
 * Bytes of the AMQP bodies NestJS's RabbitMQ transport sends: the packet `{pattern, data, id}` and the
 * reply `{response, isDisposed}`, both JSON.
 */
function rmqPacketBytes(pattern: string, data: unknown, response: unknown) {
  return {
    request: Buffer.byteLength(JSON.stringify({ pattern, data, id: '0'.repeat(PACKET_ID_LENGTH) })),
    reply: Buffer.byteLength(JSON.stringify({ response, isDisposed: true })),
  };
}

/**
 * The real inventory-service's ReserveStock over RabbitMQ RPC, called as order-service's RmqStockReserver
 * calls it: `CommlabRmqClient.send` (NestJS ClientRMQ, replies on direct reply-to) to `inventory.rpc`,
 * pattern `inventory.reserve-stock`, the request with `expiresAt` and an AMQP `expiration` of
 * DOWNSTREAM_TIMEOUT_MS, non-persistent. inventory's CommlabRmqServer validates it, reserves (PGlite),
 * answers and acks. The queue is commlab's own name in the bench's throwaway vhost.
 * One difference from order's client: TCP_NODELAY on (`connectionOptions.noDelay`), which commlab's
 * clients leave off.
 */
export const rabbitMqInventory: Scenario = {
  name: 'rr.rabbitmq.inventory',
  group: 'request-reply',
  transport: 'rabbitmq',
  kind: 'framework',
  baseline: 'rr.rabbitmq.raw',
  description: 'ReserveStock on the real inventory-service: CommlabRmqClient.send → inventory.rpc (PGlite)',
  needs: ['rabbitmq', 'redis', 'kafka'],
  setup: (context) =>
    withBenchStack(context, async (lease) => {
      const { stack } = lease;
      await stack.checkStock();
      await stack.serviceToken.ready();
      const client = new CommlabRmqClient({
        urls: [stack.rabbitmqUrl],
        queue: RABBITMQ_QUEUES.inventoryRpc,
        // As order's client: a request is worthless once its caller gave up; nothing to persist.
        persistent: false,
        socketOptions: {
          heartbeatIntervalInSeconds: 5,
          reconnectTimeInSeconds: 1,
          connectionOptions: { noDelay: true },
        },
      });
      const close = async () => {
        await client.close().catch(() => undefined);
        await lease.release();
      };
      try {
        const ids = reservationIds('rmq', context.runId);
        const timeoutMs = stack.downstreamTimeoutMs;
        const expiration = String(timeoutMs);
        let seq = 0;
        const reserve = async () => {
          const data = {
            ...requestMessage(ids(seq++)),
            expiresAt: new Date(Date.now() + timeoutMs).toISOString(),
          };
          const record = new RmqRecordBuilder(data)
            .setOptions({ expiration, headers: { authorization: `Bearer ${stack.serviceToken.token}` } })
            .build();
          const reply = await firstValueFrom(
            client.send<unknown>(RABBITMQ_RPC_PATTERNS.reserveStock, record),
          );
          checkReservation(reply);
          return { data, reply };
        };
        await client.connect();
        // inventory's RabbitMQ servers connect in the background: the first requests may expire unread.
        const first = await firstSuccess(reserve, 'rr.rabbitmq.inventory first call', {
          totalMs: 30_000,
          attemptMs: timeoutMs + 1_000,
        });
        return {
          placement: `NestJS client in the bench process; inventory-service: ${stack.where.services}; ${stack.where.rabbitmq}`,
          payloadBytes: rmqPacketBytes(RABBITMQ_RPC_PATTERNS.reserveStock, first.data, first.reply),
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
