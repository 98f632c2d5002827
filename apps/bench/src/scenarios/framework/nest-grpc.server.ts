import {
  GRPC_LOADER_OPTIONS,
  INVENTORY_GRPC_PACKAGE,
  INVENTORY_GRPC_SERVICE,
  INVENTORY_PROTO_PATH,
  type ReserveStockRequest,
  type ReserveStockResponse,
} from '@commlab/contracts';
import { freePort } from '@commlab/testing';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GrpcMethod, Transport } from '@nestjs/microservices';

import type { RunningServer } from '../../servers/server-kinds';
import { REPLY_MESSAGE } from '../payload';

/**
 * InventoryService/ReserveStock doing the raw gRPC server's fixed work: NestJS has decoded the protobuf
 * request; the handler answers the fixed reservation under the request's id.
 */
@Controller()
export class BenchInventoryGrpcController {
  @GrpcMethod(INVENTORY_GRPC_SERVICE, 'ReserveStock')
  reserveStock(request: ReserveStockRequest): ReserveStockResponse {
    return { ...REPLY_MESSAGE, reservationId: request.reservationId };
  }
}

/** The whole gRPC app of `rr.grpc.nest`: the one controller. */
@Module({ controllers: [BenchInventoryGrpcController] })
export class BenchGrpcModule {}

/** The gRPC options commlab's services and clients use (real inventory.proto, commlab's loader options). */
export function inventoryGrpcOptions(url: string) {
  return {
    url,
    package: INVENTORY_GRPC_PACKAGE,
    protoPath: INVENTORY_PROTO_PATH,
    loader: GRPC_LOADER_OPTIONS,
  };
}

/**
 * Starts BenchGrpcModule as a NestJS `Transport.GRPC` microservice (what inventory-service runs) on
 * 127.0.0.1 and a free port, without logging; resolves with its address once the port is bound.
 */
export async function startNestGrpcServer(): Promise<RunningServer<{ url: string }>> {
  const url = `127.0.0.1:${await freePort()}`;
  const app = await NestFactory.createMicroservice(BenchGrpcModule, {
    transport: Transport.GRPC,
    options: inventoryGrpcOptions(url),
    logger: false,
  });
  try {
    await app.listen();
    return { ready: { url }, close: () => app.close() };
  } catch (error) {
    await app.close();
    throw error;
  }
}
