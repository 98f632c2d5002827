import { AppError, ERROR_KINDS, type ErrorKind } from '@commlab/errors';
import { KafkaContext, RmqContext } from '@nestjs/microservices';
import { z } from 'zod';

/**
 * How an AppError crosses a message-broker RPC (Kafka request-reply, RabbitMQ RPC): NestJS sends what
 * the handler's error stream carries as JSON (Kafka: the `kafka_nest-err` header), so the error travels
 * as this plain object and the caller rebuilds the same AppError, with the same HTTP status, from it.
 */
export interface RpcErrorPayload {
  code: string;
  message: string;
  kind: ErrorKind;
  /** The HTTP status of `kind` (for readers of the raw message; the kind is what counts). */
  status: number;
  retriable: boolean;
  details?: Record<string, unknown>;
}

const kinds = Object.keys(ERROR_KINDS) as [ErrorKind, ...ErrorKind[]];

const rpcErrorPayloadSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
  kind: z.enum(kinds),
  retriable: z.boolean().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export function toRpcErrorPayload(error: AppError): RpcErrorPayload {
  return {
    code: error.code,
    message: error.message,
    kind: error.kind,
    status: error.httpStatus,
    retriable: error.retriable,
    ...(error.details === undefined ? {} : { details: error.details }),
  };
}

/**
 * Rebuilds the AppError a broker RPC answered with. Anything else (a transport error, NestJS's
 * "no matching message handler" string) becomes an `internal` error named by `fallbackCode`.
 */
export function fromRpcErrorPayload(payload: unknown, fallbackCode: (kind: ErrorKind) => string): AppError {
  const parsed = rpcErrorPayloadSchema.safeParse(payload);
  if (parsed.success) {
    const { code, message, kind, retriable, details } = parsed.data;
    return new AppError({
      code,
      kind,
      message,
      ...(retriable === undefined ? {} : { retriable }),
      ...(details === undefined ? {} : { details }),
      cause: payload,
    });
  }
  const message =
    payload instanceof Error
      ? payload.message
      : typeof payload === 'string'
        ? payload
        : 'the remote handler failed without a commlab error';
  return new AppError({ code: fallbackCode('internal'), kind: 'internal', message, cause: payload });
}

/** Whether an RPC handler runs behind a message broker (its errors travel as RpcErrorPayload). */
export function isBrokerRpcContext(context: unknown): context is KafkaContext | RmqContext {
  return context instanceof KafkaContext || context instanceof RmqContext;
}
