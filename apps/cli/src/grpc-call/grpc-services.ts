import {
  AUTH_GRPC_SERVICE_FULL_NAME,
  AUTH_PROTO_PATH,
  INVENTORY_GRPC_SERVICE_FULL_NAME,
  INVENTORY_PROTO_PATH,
  PORTS,
} from '@commlab/contracts';

/** One gRPC service `pnpm grpc` can call: where its contract is and where it listens by default. */
export interface GrpcServiceEntry {
  /** Fully qualified service name, e.g. `commlab.inventory.v1.InventoryService`. */
  fullName: string;
  protoPath: string;
  /** The service's own port variable: the same name moves the server and this client's default. */
  portVariable: 'AUTH_GRPC_PORT' | 'INVENTORY_GRPC_PORT';
  defaultPort: number;
  /** The process that serves it, for the "is it running?" hint. */
  processName: string;
}

/** The services with a gRPC API, by the short name a user types. */
export const GRPC_SERVICES = {
  auth: {
    fullName: AUTH_GRPC_SERVICE_FULL_NAME,
    protoPath: AUTH_PROTO_PATH,
    portVariable: 'AUTH_GRPC_PORT',
    defaultPort: PORTS.auth.grpc,
    processName: 'auth-service',
  },
  inventory: {
    fullName: INVENTORY_GRPC_SERVICE_FULL_NAME,
    protoPath: INVENTORY_PROTO_PATH,
    portVariable: 'INVENTORY_GRPC_PORT',
    defaultPort: PORTS.inventory.grpc,
    processName: 'inventory-service',
  },
} as const satisfies Record<string, GrpcServiceEntry>;

export type GrpcServiceKey = keyof typeof GRPC_SERVICES;

export const GRPC_SERVICE_KEYS = Object.keys(GRPC_SERVICES) as GrpcServiceKey[];

export function isGrpcServiceKey(value: string): value is GrpcServiceKey {
  return Object.hasOwn(GRPC_SERVICES, value);
}
