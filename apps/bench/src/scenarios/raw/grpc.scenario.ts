import {
  GRPC_LOADER_OPTIONS,
  INVENTORY_GRPC_SERVICE_FULL_NAME,
  INVENTORY_PROTO_PATH,
  type ReserveStockRequest,
  type ReserveStockResponse,
} from '@commlab/contracts';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

import type { Scenario } from '../../scenario';
import { PAYLOAD_BYTES, REPLY_MESSAGE, requestId, requestMessage } from '../payload';

type ReserveStockClient = grpc.Client & {
  ReserveStock(
    request: ReserveStockRequest,
    callback: (error: grpc.ServiceError | null, response?: ReserveStockResponse) => void,
  ): grpc.ClientUnaryCall;
};

function inventoryService(): grpc.ServiceClientConstructor {
  const definition = grpc.loadPackageDefinition(loadSync(INVENTORY_PROTO_PATH, GRPC_LOADER_OPTIONS));
  const found = INVENTORY_GRPC_SERVICE_FULL_NAME.split('.').reduce<unknown>(
    (node, key) => (node as Record<string, unknown> | undefined)?.[key],
    definition,
  );
  if (typeof found !== 'function') throw new Error(`${INVENTORY_GRPC_SERVICE_FULL_NAME} not in the proto`);
  return found as grpc.ServiceClientConstructor;
}

function bind(server: grpc.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
      if (error) reject(error);
      else resolve(port);
    });
  });
}

/**
 * gRPC baseline: commlab.inventory.v1.InventoryService/ReserveStock from the real inventory.proto
 * (@grpc/proto-loader with commlab's loader options) on a bare @grpc/grpc-js server answering the fixed
 * reservation; one @grpc/grpc-js client channel (HTTP/2, calls multiplexed).
 */
export const grpcRaw: Scenario = {
  name: 'rr.grpc.raw',
  group: 'request-reply',
  transport: 'grpc',
  kind: 'raw',
  description: 'InventoryService/ReserveStock (real proto) on a bare @grpc/grpc-js server and client',
  needs: [],
  async setup() {
    const Service = inventoryService();
    const server = new grpc.Server();
    server.addService(Service.service, {
      ReserveStock: (
        call: grpc.ServerUnaryCall<ReserveStockRequest, ReserveStockResponse>,
        callback: grpc.sendUnaryData<ReserveStockResponse>,
      ) => {
        callback(null, { ...REPLY_MESSAGE, reservationId: call.request.reservationId });
      },
    });
    const port = await bind(server);
    const client = new Service(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    ) as unknown as ReserveStockClient;
    await new Promise<void>((resolve, reject) => {
      client.waitForReady(Date.now() + 5000, (error) => {
        if (error) reject(error);
        else resolve();
      });
    });
    let seq = 0;

    return {
      placement: 'client and server in the bench process',
      payloadBytes: { request: PAYLOAD_BYTES.requestProtobuf, reply: PAYLOAD_BYTES.replyProtobuf },
      call: () =>
        new Promise<void>((resolve, reject) => {
          client.ReserveStock(requestMessage(requestId(seq++)), (error, response) => {
            if (error) reject(error);
            else if (response?.totalCents !== REPLY_MESSAGE.totalCents) reject(new Error('unexpected reply'));
            else resolve();
          });
        }),
      async close() {
        client.close();
        await new Promise<void>((resolve) => {
          server.tryShutdown(() => {
            resolve();
          });
        });
        server.forceShutdown();
      },
    };
  },
};
