import { type ReserveStockRequest, ReserveStockResponse } from '@commlab/contracts';
import * as grpc from '@grpc/grpc-js';

import type { RunningServer, ServerKinds } from '../../servers/server-kinds';
import { REPLY_MESSAGE } from '../payload';
import { bytesDefinition, inventoryService } from './grpc-definition';

function bind(server: grpc.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
      if (error) reject(error);
      else resolve(port);
    });
  });
}

/**
 * The gRPC baseline's bare @grpc/grpc-js server: InventoryService/ReserveStock answering the fixed
 * reservation under the request's id (`protobuf`), or pre-encoded reply bytes (`bytes`: no codec); on
 * 127.0.0.1 and a free port.
 */
export async function startGrpcRawServer(
  params: ServerKinds['grpc-raw']['params'],
): Promise<RunningServer<{ port: number }>> {
  const Service = inventoryService();
  const definition = params.codec === 'bytes' ? bytesDefinition(Service.service) : Service.service;
  const encodedReply = Buffer.from(ReserveStockResponse.encode(REPLY_MESSAGE).finish());
  const server = new grpc.Server(params.channelOptions);
  server.addService(definition, {
    ReserveStock: (
      call: grpc.ServerUnaryCall<ReserveStockRequest | Buffer, ReserveStockResponse | Buffer>,
      callback: grpc.sendUnaryData<ReserveStockResponse | Buffer>,
    ) => {
      if (Buffer.isBuffer(call.request)) callback(null, encodedReply);
      else callback(null, { ...REPLY_MESSAGE, reservationId: call.request.reservationId });
    },
  });
  const port = await bind(server);
  return {
    ready: { port },
    async close() {
      await new Promise<void>((resolve) => {
        server.tryShutdown(() => {
          resolve();
        });
      });
      server.forceShutdown();
    },
  };
}
