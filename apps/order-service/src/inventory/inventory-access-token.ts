import { isDevClientSecret, ServiceTokenSource } from '@commlab/access-tokens';
import { ConfigError } from '@commlab/config';
import { ORDER_ACCEPTED_V1, ORDER_CANCELLED_V1, RABBITMQ_QUEUES } from '@commlab/contracts';
import { AppError } from '@commlab/errors';
import type { OutboxMessage } from '@commlab/messaging';

import type { OrderConfig } from '../config/order.config';

/** Nest injection token of order-service's ServiceTokenSource (its own token for inventory). */
export const INVENTORY_ACCESS_TOKEN = Symbol('INVENTORY_ACCESS_TOKEN');

/** The header every transport carries it in: HTTP, gRPC metadata, AMQP and Kafka headers alike. */
export const AUTHORIZATION_HEADER = 'authorization';

/**
 * order-service's service token for inventory's ReserveStock/ReleaseStock: the client credentials grant
 * with ORDER_CLIENT_ID/ORDER_CLIENT_SECRET, scope stock:reserve, cached until 30 s before it expires.
 * The DEV-ONLY secret in production is a ConfigError (it is published in this repository).
 */
export function inventoryAccessToken(config: OrderConfig): ServiceTokenSource {
  if (config.COMMLAB_ENV === 'production' && isDevClientSecret(config.ORDER_CLIENT_SECRET)) {
    throw new ConfigError([
      {
        variable: 'ORDER_CLIENT_SECRET',
        expected: 'a secret of your own in production (the DEV-ONLY secrets are public)',
        received: '(redacted)',
      },
    ]);
  }
  return new ServiceTokenSource({
    authUrl: config.AUTH_HTTP_URL,
    client: { id: config.ORDER_CLIENT_ID, secret: config.ORDER_CLIENT_SECRET },
    scope: 'stock:reserve',
    timeoutMs: config.DOWNSTREAM_TIMEOUT_MS,
  });
}

/**
 * `Bearer <token>` for a call to inventory. No token → the order answers 503 INVENTORY_UNAVAILABLE
 * (auth down, or order's credentials refused: nothing the caller can fix).
 */
export async function inventoryAuthorization(tokens: Pick<ServiceTokenSource, 'token'>): Promise<string> {
  try {
    return `Bearer ${await tokens.token()}`;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError({
      code: 'INVENTORY_UNAVAILABLE',
      kind: 'unavailable',
      message: `inventory-service cannot be called without order-service's service token: ${reason}`,
      cause: error,
    });
  }
}

/** What inventory answers when it refuses the token itself (not the request). */
const TOKEN_REFUSALS: readonly string[] = [
  'MISSING_TOKEN',
  'TOKEN_INVALID',
  'SERVICE_TOKEN_REQUIRED',
  'INSUFFICIENT_SCOPE',
];

/**
 * inventory's answer, passed through; when inventory refused order's token (e.g. signed with a key auth
 * has since rotated out), the cached token is dropped so the next call fetches a new one.
 */
export function forgetRefusedToken(tokens: Pick<ServiceTokenSource, 'forget'>, error: AppError): AppError {
  if (TOKEN_REFUSALS.includes(error.code)) tokens.forget();
  return error;
}

/**
 * The RabbitMQ relay's headers for a row it publishes: a ReserveStock command to `inventory.commands`
 * carries order-service's token like every other call to inventory (fresh at publish time, never stored in
 * the outbox), and so does an OrderCancelled — inventory releases stock on it, and refuses one without.
 * Nothing else needs one. No token to be had → the publish fails and the row is retried.
 */
export function inventoryCommandHeaders(
  tokens: Pick<ServiceTokenSource, 'token'>,
): (row: Pick<OutboxMessage, 'destination' | 'envelope'>) => Promise<Readonly<Record<string, string>>> {
  return tokenHeaderWhen(
    tokens,
    ({ destination, envelope }) =>
      (destination.transport === 'rabbitmq-queue' &&
        destination.queue === RABBITMQ_QUEUES.inventoryCommands) ||
      envelope.type === ORDER_CANCELLED_V1,
  );
}

/**
 * The Kafka relay's headers: a choreographed order's OrderAccepted is inventory's cue to reserve, so it
 * carries order-service's token exactly like the ReserveStock command it replaces (inventory checks it
 * before reserving); no other record needs one.
 */
export function orderAcceptedHeaders(
  tokens: Pick<ServiceTokenSource, 'token'>,
): (row: Pick<OutboxMessage, 'envelope'>) => Promise<Readonly<Record<string, string>>> {
  return tokenHeaderWhen(tokens, ({ envelope }) => envelope.type === ORDER_ACCEPTED_V1);
}

function tokenHeaderWhen<Row>(
  tokens: Pick<ServiceTokenSource, 'token'>,
  needsToken: (row: Row) => boolean,
): (row: Row) => Promise<Readonly<Record<string, string>>> {
  return async (row): Promise<Readonly<Record<string, string>>> =>
    needsToken(row) ? { [AUTHORIZATION_HEADER]: await inventoryAuthorization(tokens) } : {};
}
