import { AppError } from '@commlab/errors';
import { z } from 'zod';

import { parseGrpcRequest } from '../grpc/grpc-request';
import { reserveStockBodySchema } from './reservation.dto';

/**
 * The value of a ReserveStock request on Kafka: the REST body, plus when the caller stops waiting.
 * A request read after `expiresAt` (inventory was down, or its consumer lagged) is refused instead of
 * reserving stock for an order the caller has already answered with 503.
 */
export const reserveStockKafkaMessageSchema = reserveStockBodySchema.extend({
  expiresAt: z.iso.datetime({ offset: true }).optional().describe('ISO 8601; omitted = no expiry'),
});
export type ReserveStockKafkaMessage = z.infer<typeof reserveStockKafkaMessageSchema>;

/** Validates a Kafka request value; failure is `INVALID_REQUEST` (invalid_argument), like gRPC's. */
export function parseReserveStockMessage(value: unknown): ReserveStockKafkaMessage {
  return parseGrpcRequest(reserveStockKafkaMessageSchema, value);
}

/** The request's caller gave up already: nothing is reserved. */
export function requestExpired(message: ReserveStockKafkaMessage, now: Date): AppError | undefined {
  if (message.expiresAt === undefined || Date.parse(message.expiresAt) > now.getTime()) return undefined;
  return new AppError({
    code: 'REQUEST_EXPIRED',
    kind: 'deadline_exceeded',
    message: `reservation ${message.reservationId} arrived after its caller stopped waiting (${message.expiresAt})`,
    details: { reservationId: message.reservationId, expiresAt: message.expiresAt },
  });
}
