import 'reflect-metadata';

import { createServer } from 'node:net';

import { Metadata, status } from '@grpc/grpc-js';
import { Controller, Logger, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ClientProxyFactory,
  RpcException,
  Transport,
  type ClientGrpcProxy,
  type GrpcOptions,
} from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';

import {
  AUTH_GRPC_PACKAGE,
  AUTH_GRPC_SERVICE,
  AUTH_PROTO_PATH,
  AuthServiceControllerMethods,
  GRPC_ERROR_CODE_METADATA_KEY,
  GRPC_LOADER_OPTIONS,
  INVENTORY_GRPC_PACKAGE,
  INVENTORY_GRPC_SERVICE,
  INVENTORY_PROTO_PATH,
  InventoryServiceControllerMethods,
  type AuthServiceClient,
  type AuthServiceController,
  type CheckStockRequest,
  type CheckStockResponse,
  type InventoryServiceClient,
  type InventoryServiceController,
  type ReleaseStockRequest,
  type ReleaseStockResponse,
  type ReserveStockRequest,
  type ReserveStockResponse,
  type VerifyTokenRequest,
  type VerifyTokenResponse,
} from '../src/grpc';

/**
 * The generated NestJS helpers, the exported proto paths/names and GRPC_LOADER_OPTIONS, wired the way
 * the services wire them: a NestJS gRPC server with `<Service>ControllerMethods()` controllers and a
 * NestJS gRPC client, over a real socket on localhost.
 */

@Controller()
@AuthServiceControllerMethods()
class FakeAuthController implements AuthServiceController {
  verifyToken(request: VerifyTokenRequest, metadata?: Metadata): VerifyTokenResponse {
    if (request.token !== 'good-token') {
      throw new RpcException({ code: status.UNAUTHENTICATED, message: 'invalid token' });
    }
    const correlationId = metadata?.get('x-correlation-id')[0];
    return {
      userId: typeof correlationId === 'string' ? correlationId : 'no-correlation-id',
      email: 'alice@example.com',
      expiresAtUnixSeconds: 1_900_000_000,
      scopes: [],
    };
  }
}

@Controller()
@InventoryServiceControllerMethods()
class FakeInventoryController implements InventoryServiceController {
  checkStock(request: CheckStockRequest): CheckStockResponse {
    return {
      levels: request.skus.map((sku) => ({ sku, available: 0, unitPriceCents: 1500, currency: 'USD' })),
    };
  }

  reserveStock(request: ReserveStockRequest): ReserveStockResponse {
    const metadata = new Metadata();
    metadata.set(GRPC_ERROR_CODE_METADATA_KEY, 'OUT_OF_STOCK');
    throw new RpcException({
      code: status.FAILED_PRECONDITION,
      message: `out of stock: ${request.items.map((item) => item.sku).join(', ')}`,
      metadata,
    });
  }

  releaseStock(request: ReleaseStockRequest): Promise<ReleaseStockResponse> {
    return Promise.resolve({ reservationId: request.reservationId, released: false, lines: [] });
  }
}

@Module({ controllers: [FakeAuthController, FakeInventoryController] })
class FakeGrpcModule {}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

jest.setTimeout(30_000);

describe('generated NestJS gRPC helpers', () => {
  let app: INestMicroservice;
  let authClient: ClientGrpcProxy;
  let inventoryClient: ClientGrpcProxy;
  let auth: AuthServiceClient;
  let inventory: InventoryServiceClient;

  beforeAll(async () => {
    const url = `127.0.0.1:${await freePort()}`;
    const server: GrpcOptions = {
      transport: Transport.GRPC,
      options: {
        url,
        package: [AUTH_GRPC_PACKAGE, INVENTORY_GRPC_PACKAGE],
        protoPath: [AUTH_PROTO_PATH, INVENTORY_PROTO_PATH],
        loader: GRPC_LOADER_OPTIONS,
      },
    };
    Logger.overrideLogger(false);
    app = await NestFactory.createMicroservice<GrpcOptions>(FakeGrpcModule, server);
    await app.listen();

    authClient = ClientProxyFactory.create({
      transport: Transport.GRPC,
      options: { url, package: AUTH_GRPC_PACKAGE, protoPath: AUTH_PROTO_PATH, loader: GRPC_LOADER_OPTIONS },
    });
    inventoryClient = ClientProxyFactory.create({
      transport: Transport.GRPC,
      options: {
        url,
        package: INVENTORY_GRPC_PACKAGE,
        protoPath: INVENTORY_PROTO_PATH,
        loader: GRPC_LOADER_OPTIONS,
      },
    });
    auth = authClient.getService<AuthServiceClient>(AUTH_GRPC_SERVICE);
    inventory = inventoryClient.getService<InventoryServiceClient>(INVENTORY_GRPC_SERVICE);
  });

  afterAll(async () => {
    authClient.close();
    inventoryClient.close();
    await app.close();
  });

  it('VerifyToken: typed response, int64 as number, empty repeated field present, metadata passed', async () => {
    const metadata = new Metadata();
    metadata.set('x-correlation-id', 'corr-1');
    const response = await firstValueFrom(auth.verifyToken({ token: 'good-token' }, metadata));
    expect(response).toEqual({
      userId: 'corr-1',
      email: 'alice@example.com',
      expiresAtUnixSeconds: 1_900_000_000,
      scopes: [],
    });
  });

  it('VerifyToken: an invalid token is the UNAUTHENTICATED status', async () => {
    await expect(firstValueFrom(auth.verifyToken({ token: 'bad-token' }))).rejects.toMatchObject({
      code: status.UNAUTHENTICATED,
      details: 'invalid token',
    });
  });

  it('InventoryService: every RPC is routed; refusals carry the status code and reason metadata', async () => {
    await expect(firstValueFrom(inventory.checkStock({ skus: ['poster-async'] }))).resolves.toEqual({
      levels: [{ sku: 'poster-async', available: 0, unitPriceCents: 1500, currency: 'USD' }],
    });
    await expect(firstValueFrom(inventory.releaseStock({ reservationId: 'order-1' }))).resolves.toEqual({
      reservationId: 'order-1',
      released: false,
      lines: [],
    });

    const refusal: unknown = await firstValueFrom(
      inventory.reserveStock({
        reservationId: 'order-1',
        orderId: 'order-1',
        items: [{ sku: 'poster-async', quantity: 1 }],
      }),
    ).catch((error: unknown) => error);
    expect(refusal).toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: 'out of stock: poster-async',
    });
    const trailers = (refusal as { metadata?: Metadata }).metadata;
    expect(trailers?.get(GRPC_ERROR_CODE_METADATA_KEY)).toEqual(['OUT_OF_STOCK']);
  });
});
