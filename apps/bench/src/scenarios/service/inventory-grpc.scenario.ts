import {
  INVENTORY_GRPC_PACKAGE,
  INVENTORY_GRPC_SERVICE,
  INVENTORY_PROTO_PATH,
  type InventoryServiceClient,
  ReserveStockRequest,
  ReserveStockResponse,
} from '@commlab/contracts';
import { type CallOptions, Metadata } from '@grpc/grpc-js';
import { firstValueFrom, type Observable } from 'rxjs';

import type { Scenario } from '../../scenario';
import { requestMessage } from '../payload';
import { firstSuccess } from './first-success';
import { benchGrpcClient } from './grpc-client';
import { checkReservation } from './reservation-check';
import { reservationIds } from './reservation-ids';
import { withBenchStack } from './shared-bench-stack';

/** NestJS's gRPC client passes extra arguments through to @grpc/grpc-js: metadata and the deadline. */
type ReserveWithOptions = (
  request: ReserveStockRequest,
  metadata: Metadata,
  options: CallOptions,
) => Observable<ReserveStockResponse>;

/**
 * The real inventory-service's ReserveStock over gRPC, called as order-service's GrpcStockReserver calls
 * it: NestJS `ClientGrpc` (commlab's proto and loader options), a deadline of DOWNSTREAM_TIMEOUT_MS per
 * call. Each call reserves the bench request's two lines under a fresh reservation id: inventory
 * validates it, appends the stock events and the outbox row in one PGlite transaction, and answers.
 */
export const grpcInventory: Scenario = {
  name: 'rr.grpc.inventory',
  group: 'request-reply',
  transport: 'grpc',
  kind: 'framework',
  baseline: 'rr.grpc.raw',
  description: 'ReserveStock on the real inventory-service: NestJS ClientGrpc → inventory gRPC (PGlite)',
  needs: ['rabbitmq', 'redis', 'kafka'],
  setup: (context) =>
    withBenchStack(context, async (lease) => {
      const { stack } = lease;
      await stack.checkStock();
      await stack.serviceToken.ready();
      const client = benchGrpcClient({
        url: stack.inventory.grpcUrl,
        package: INVENTORY_GRPC_PACKAGE,
        protoPath: INVENTORY_PROTO_PATH,
      });
      const close = async () => {
        client.close();
        await lease.release();
      };
      try {
        const inventory = client.getService<InventoryServiceClient>(INVENTORY_GRPC_SERVICE);
        const reserveStock = inventory.reserveStock.bind(inventory) as unknown as ReserveWithOptions;
        const ids = reservationIds('grpc', context.runId);
        const timeoutMs = stack.downstreamTimeoutMs;
        let seq = 0;
        const reserve = async () => {
          const request = requestMessage(ids(seq++));
          // order-service's metadata: its service token (client credentials, stock:reserve).
          const metadata = new Metadata();
          metadata.set('authorization', `Bearer ${stack.serviceToken.token}`);
          const reply = await firstValueFrom(
            reserveStock(request, metadata, { deadline: Date.now() + timeoutMs }),
          );
          checkReservation(reply);
          return { request, reply };
        };
        // Also opens the channel: NestJS's gRPC client connects on its first call.
        const first = await firstSuccess(reserve, 'rr.grpc.inventory first call', {
          totalMs: 30_000,
          attemptMs: 10_000,
        });
        return {
          placement: `NestJS ClientGrpc in the bench process; inventory-service: ${stack.where.services}`,
          payloadBytes: {
            request: ReserveStockRequest.encode(first.request).finish().length,
            reply: ReserveStockResponse.encode(first.reply).finish().length,
          },
          call: async () => {
            await reserve();
          },
          close,
        };
      } catch (error) {
        client.close();
        throw error;
      }
    }),
};
