import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';

import * as grpc from '@grpc/grpc-js';
import { loadSync, type MethodDefinition, type PackageDefinition } from '@grpc/proto-loader';

import {
  AUTH_GRPC_PACKAGE,
  AUTH_GRPC_SERVICE,
  AUTH_GRPC_SERVICE_FULL_NAME,
  AUTH_PROTO_PATH,
  GRPC_LOADER_OPTIONS,
  INVENTORY_GRPC_PACKAGE,
  INVENTORY_GRPC_SERVICE,
  INVENTORY_GRPC_SERVICE_FULL_NAME,
  INVENTORY_PROTO_PATH,
  PROTO_ROOT,
  ReleaseStockResponse,
  ReserveStockRequest,
  ReserveStockResponse,
  VerifyTokenRequest,
  VerifyTokenResponse,
} from './index';

/** The method definitions of one service in a proto-loader package definition. */
function methodsOf(
  definition: PackageDefinition,
  serviceFullName: string,
): Record<string, MethodDefinition<object, object>> {
  const service = definition[serviceFullName];
  if (!service || 'format' in service) throw new Error(`${serviceFullName} is not a service`);
  return service;
}

function method(
  definition: PackageDefinition,
  serviceFullName: string,
  name: string,
): MethodDefinition<object, object> {
  const found = methodsOf(definition, serviceFullName)[name];
  if (!found) throw new Error(`${serviceFullName}/${name} not found`);
  return found;
}

describe('gRPC proto locations', () => {
  it('points at the .proto files below the package proto directory', () => {
    for (const path of [AUTH_PROTO_PATH, INVENTORY_PROTO_PATH]) {
      expect(isAbsolute(path)).toBe(true);
      expect(existsSync(path)).toBe(true);
    }
    expect(relative(PROTO_ROOT, AUTH_PROTO_PATH)).toBe(join('commlab', 'auth', 'v1', 'auth.proto'));
    expect(relative(PROTO_ROOT, INVENTORY_PROTO_PATH)).toBe(
      join('commlab', 'inventory', 'v1', 'inventory.proto'),
    );
  });

  it('names the packages and services the .proto files declare', () => {
    expect(AUTH_GRPC_SERVICE_FULL_NAME).toBe('commlab.auth.v1.AuthService');
    expect(INVENTORY_GRPC_SERVICE_FULL_NAME).toBe('commlab.inventory.v1.InventoryService');

    const definition = loadSync([AUTH_PROTO_PATH, INVENTORY_PROTO_PATH], GRPC_LOADER_OPTIONS);
    expect(Object.keys(methodsOf(definition, AUTH_GRPC_SERVICE_FULL_NAME))).toEqual(['VerifyToken']);
    expect(Object.keys(methodsOf(definition, INVENTORY_GRPC_SERVICE_FULL_NAME))).toEqual([
      'CheckStock',
      'ReserveStock',
      'ReleaseStock',
    ]);
    expect(method(definition, AUTH_GRPC_SERVICE_FULL_NAME, 'VerifyToken').path).toBe(
      '/commlab.auth.v1.AuthService/VerifyToken',
    );

    // What NestJS does with `options.package`: look the package up, then the service inside it.
    const loaded = grpc.loadPackageDefinition(definition);
    const lookup = (pkg: string, service: string): unknown =>
      [...pkg.split('.'), service].reduce<unknown>(
        (node, key) => (node as Record<string, unknown>)[key],
        loaded,
      );
    expect(typeof lookup(AUTH_GRPC_PACKAGE, AUTH_GRPC_SERVICE)).toBe('function');
    expect(typeof lookup(INVENTORY_GRPC_PACKAGE, INVENTORY_GRPC_SERVICE)).toBe('function');
  });
});

describe('ts-proto generated messages against @grpc/proto-loader (GRPC_LOADER_OPTIONS)', () => {
  const definition = loadSync([AUTH_PROTO_PATH, INVENTORY_PROTO_PATH], GRPC_LOADER_OPTIONS);

  it('VerifyToken: ts-proto encode -> proto-loader decode and back, int64 as number', () => {
    const verify = method(definition, AUTH_GRPC_SERVICE_FULL_NAME, 'VerifyToken');
    const request: VerifyTokenRequest = { token: 'header.payload.signature' };
    expect(verify.requestDeserialize(Buffer.from(VerifyTokenRequest.encode(request).finish()))).toEqual(
      request,
    );

    const response: VerifyTokenResponse = {
      userId: 'user-1',
      email: 'alice@example.com',
      expiresAtUnixSeconds: 1_900_000_000,
      scopes: ['orders:write'],
    };
    const wire = verify.responseSerialize(response);
    expect(VerifyTokenResponse.decode(wire)).toEqual(response);
    expect(verify.responseDeserialize(Buffer.from(VerifyTokenResponse.encode(response).finish()))).toEqual(
      response,
    );
  });

  it('ReserveStock and ReleaseStock round trip, zero values included', () => {
    const reserve = method(definition, INVENTORY_GRPC_SERVICE_FULL_NAME, 'ReserveStock');
    const request: ReserveStockRequest = {
      reservationId: 'order-1',
      orderId: 'order-1',
      items: [
        { sku: 'mug-red', quantity: 2 },
        { sku: 'tee-black', quantity: 1 },
      ],
    };
    expect(reserve.requestDeserialize(Buffer.from(ReserveStockRequest.encode(request).finish()))).toEqual(
      request,
    );

    const response: ReserveStockResponse = {
      reservationId: 'order-1',
      lines: [
        { sku: 'mug-red', quantity: 2, unitPriceCents: 1250, lineTotalCents: 2500 },
        { sku: 'tee-black', quantity: 1, unitPriceCents: 2000, lineTotalCents: 2000 },
      ],
      totalCents: 4500,
      currency: 'USD',
    };
    expect(ReserveStockResponse.decode(reserve.responseSerialize(response))).toEqual(response);
    expect(reserve.responseDeserialize(Buffer.from(ReserveStockResponse.encode(response).finish()))).toEqual(
      response,
    );

    // proto3 does not send zero values; `defaults: true` brings them back as the generated types promise.
    const release = method(definition, INVENTORY_GRPC_SERVICE_FULL_NAME, 'ReleaseStock');
    const notReleased: ReleaseStockResponse = { reservationId: 'order-1', released: false, lines: [] };
    expect(ReleaseStockResponse.encode(notReleased).finish().length).toBeGreaterThan(0);
    expect(
      release.responseDeserialize(Buffer.from(ReleaseStockResponse.encode(notReleased).finish())),
    ).toEqual(notReleased);
    expect(ReleaseStockResponse.decode(new Uint8Array())).toEqual({
      reservationId: '',
      released: false,
      lines: [],
    });
  });
});
