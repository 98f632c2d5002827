import { join } from 'node:path';

import type { Options } from '@grpc/proto-loader';

import { AUTH_SERVICE_NAME } from '../generated/commlab/auth/v1/auth';
import { INVENTORY_SERVICE_NAME } from '../generated/commlab/inventory/v1/inventory';

/**
 * Where the .proto files are, and the names inside them, for NestJS `Transport.GRPC` options and raw
 * @grpc/grpc-js clients. The .proto files ship with the package (libs/contracts/proto); this file sits
 * in src/grpc (sources) or dist/grpc (build), two levels below the package directory either way.
 */

/** Absolute path of the proto root directory: the include path every .proto import is relative to. */
export const PROTO_ROOT = join(__dirname, '..', '..', 'proto');

/** Absolute path of `commlab/auth/v1/auth.proto` (AuthService). */
export const AUTH_PROTO_PATH = join(PROTO_ROOT, 'commlab', 'auth', 'v1', 'auth.proto');

/** Absolute path of `commlab/inventory/v1/inventory.proto` (InventoryService). */
export const INVENTORY_PROTO_PATH = join(PROTO_ROOT, 'commlab', 'inventory', 'v1', 'inventory.proto');

/** Protobuf package of auth.proto: NestJS `options.package` for the auth gRPC server and clients. */
export const AUTH_GRPC_PACKAGE = 'commlab.auth.v1';

/** Protobuf package of inventory.proto: NestJS `options.package` for the inventory gRPC server and clients. */
export const INVENTORY_GRPC_PACKAGE = 'commlab.inventory.v1';

/** Service name inside its package, as `ClientGrpc.getService()` and `@GrpcMethod()` want it. */
export const AUTH_GRPC_SERVICE = AUTH_SERVICE_NAME;

/** Service name inside its package, as `ClientGrpc.getService()` and `@GrpcMethod()` want it. */
export const INVENTORY_GRPC_SERVICE = INVENTORY_SERVICE_NAME;

/** Fully qualified service name (`commlab.auth.v1.AuthService`), as on the wire and in grpc health checks. */
export const AUTH_GRPC_SERVICE_FULL_NAME = `${AUTH_GRPC_PACKAGE}.${AUTH_GRPC_SERVICE}` as const;

/** Fully qualified service name (`commlab.inventory.v1.InventoryService`). */
export const INVENTORY_GRPC_SERVICE_FULL_NAME =
  `${INVENTORY_GRPC_PACKAGE}.${INVENTORY_GRPC_SERVICE}` as const;

/**
 * @grpc/proto-loader options that make runtime objects match the generated TypeScript types (ts-proto,
 * see buf.gen.yaml). Use them as NestJS `options.loader` on BOTH the server and the client:
 *  - `keepCase: false`: fields are camelCase (`userId`), like the generated interfaces;
 *  - `longs: Number`: int64 fields are numbers, as `forceLong=number` declares (otherwise Long objects);
 *  - `defaults: true` (implies arrays): absent proto3 fields are present with their zero value
 *    (`''`, `0`, `false`, `[]`), as the generated interfaces (all fields required) promise;
 *  - `includeDirs`: imports between .proto files resolve against PROTO_ROOT.
 */
export const GRPC_LOADER_OPTIONS = Object.freeze({
  keepCase: false,
  longs: Number,
  enums: Number,
  defaults: true,
  arrays: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
} satisfies Options);

/**
 * Trailing metadata key that carries the stable reason code (`OUT_OF_STOCK`, `UNKNOWN_SKU`,
 * `INVALID_REQUEST`) when a gRPC call is refused for a business reason; see the .proto comments.
 */
export const GRPC_ERROR_CODE_METADATA_KEY = 'commlab-error-code';

/** Trailing-metadata key with the error's JSON details (e.g. `{"skus":["poster-async"]}`), when it has any. */
export const GRPC_ERROR_DETAILS_METADATA_KEY = 'commlab-error-details';
