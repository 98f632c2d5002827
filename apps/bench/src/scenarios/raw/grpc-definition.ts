import {
  GRPC_LOADER_OPTIONS,
  INVENTORY_GRPC_SERVICE_FULL_NAME,
  INVENTORY_PROTO_PATH,
} from '@commlab/contracts';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** InventoryService from the real inventory.proto, loaded with commlab's loader options. */
export function inventoryService(): grpc.ServiceClientConstructor {
  const definition = grpc.loadPackageDefinition(loadSync(INVENTORY_PROTO_PATH, GRPC_LOADER_OPTIONS));
  const found = INVENTORY_GRPC_SERVICE_FULL_NAME.split('.').reduce<unknown>(
    (node, key) => (node as Record<string, unknown> | undefined)?.[key],
    definition,
  );
  if (typeof found !== 'function') throw new Error(`${INVENTORY_GRPC_SERVICE_FULL_NAME} not in the proto`);
  return found as grpc.ServiceClientConstructor;
}

const identity = (value: Buffer): Buffer => value;

/** The service definition with an identity codec: messages cross grpc-js as bytes already encoded. */
export function bytesDefinition(definition: grpc.ServiceDefinition): grpc.ServiceDefinition {
  const method = definition.ReserveStock;
  if (method === undefined) throw new Error('ReserveStock not in the service definition');
  return {
    ReserveStock: {
      ...method,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    },
  };
}
