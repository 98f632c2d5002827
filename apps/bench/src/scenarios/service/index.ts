import type { Scenario } from '../../scenario';
import { grpcInventory } from './inventory-grpc.scenario';
import { kafkaInventory } from './inventory-kafka.scenario';
import { rabbitMqInventory } from './inventory-rabbitmq.scenario';
import { restInventory } from './inventory-rest.scenario';
import { orderAsyncCallback } from './order-async-callback.scenario';
import { orderAsync } from './order-async.scenario';
import { orderChoreographyCallback } from './order-choreography-callback.scenario';
import { orderSync } from './order-sync.scenario';
import { tokenGrpc } from './token-grpc.scenario';
import { tokenJwks } from './token-jwks.scenario';
import { tokenRest } from './token-rest.scenario';

/**
 * commlab's real services (inventory, order, auth) started by the bench (one shared stack per run, see
 * shared-bench-stack.ts) or running (`--target stack`: `pnpm start` or compose): ReserveStock over each transport beside its raw
 * baseline, the order flows end to end, and the three ways to verify a token.
 */
export const SERVICE_SCENARIOS: readonly Scenario[] = [
  grpcInventory,
  restInventory,
  rabbitMqInventory,
  kafkaInventory,
  orderSync,
  orderAsync,
  orderAsyncCallback,
  orderChoreographyCallback,
  tokenGrpc,
  tokenRest,
  tokenJwks,
];
