import { AppError } from '@commlab/errors';
import { z } from 'zod';

import { parseRequest } from '../validation/parse-request';
import { reserveStockBodySchema } from './reservation.dto';
import type { Reservation } from './reservation.types';
import type { ReserveStock } from './reserve-stock.use-case';

/**
 * The value of a ReserveStock request over a broker (Kafka request-reply, RabbitMQ RPC): the REST body,
 * plus when the caller stops waiting.
 * A request read after `expiresAt` (inventory was down, or its consumer lagged) is refused instead of
 * reserving stock for an order the caller has already answered with 503.
 */
export const reserveStockRpcRequestSchema = reserveStockBodySchema.extend({
  expiresAt: z.iso.datetime({ offset: true }).optional().describe('ISO 8601; omitted = no expiry'),
});
export type ReserveStockRpcRequest = z.infer<typeof reserveStockRpcRequestSchema>;

/** Validates a broker request value; failure is `INVALID_REQUEST` (invalid_argument), like gRPC's. */
export function parseReserveStockRpcRequest(value: unknown): ReserveStockRpcRequest {
  return parseRequest(reserveStockRpcRequestSchema, value);
}

/** The request's caller gave up already: nothing is reserved. */
export function requestExpired(message: ReserveStockRpcRequest, now: Date): AppError | undefined {
  if (message.expiresAt === undefined || Date.parse(message.expiresAt) > now.getTime()) return undefined;
  return new AppError({
    code: 'REQUEST_EXPIRED',
    kind: 'deadline_exceeded',
    message: `reservation ${message.reservationId} arrived after its caller stopped waiting (${message.expiresAt})`,
    details: { reservationId: message.reservationId, expiresAt: message.expiresAt },
  });
}

/** What a broker RPC answers: the reservation, without the order id the caller already knows. */
export type ReserveStockRpcReply = Omit<Reservation, 'orderId'>;

/**
 * One broker ReserveStock request, whatever the broker (`transport`: rmq or kafka): validate, refuse it
 * when the caller gave up already, reserve (idempotent on the reservation id). Errors are AppErrors, sent
 * back as the reply.
 */
export async function answerReserveStockRpc(
  reserveStock: Pick<ReserveStock, 'execute'>,
  value: unknown,
  transport: 'rmq' | 'kafka',
  now: Date = new Date(),
): Promise<ReserveStockRpcReply> {
  const message = parseReserveStockRpcRequest(value);
  const expired = requestExpired(message, now);
  if (expired !== undefined) throw expired;
  const reservation = await reserveStock.execute(
    {
      reservationId: message.reservationId,
      orderId: message.orderId ?? message.reservationId,
      items: message.items,
    },
    {},
    transport,
  );
  const { reservationId, lines, totalCents, currency } = reservation;
  return { reservationId, lines, totalCents, currency };
}
