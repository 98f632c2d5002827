import { AppError, toGrpcError } from '@commlab/errors';
import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { type Observable, throwError } from 'rxjs';

import { toErrorBody } from './error-body';
import { isBrokerRpcContext, toRpcErrorPayload } from './rpc-error-payload';
import { fromStoreInputError } from './store-input-error';

/**
 * The one error boundary of every service. HTTP: `{statusCode, code, message, details?}`. gRPC: the
 * status from the kinds table with the stable code in trailing metadata. Broker RPC (Kafka
 * request-reply): an RpcErrorPayload `{code, message, kind, status, retriable, details?}`. A value the
 * database refused (DB_INVALID_INPUT) is the client's error: INVALID_STORED_VALUE, 400 / INVALID_ARGUMENT. Server faults
 * are logged with their stack; client errors are not (they are in the access log).
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(thrown: unknown, host: ArgumentsHost): Observable<never> | undefined {
    // A value the database refused (a NUL in text, `abc` for a uuid) is the client's error: 400.
    const error = fromStoreInputError(thrown);
    if (host.getType() === 'rpc') {
      const appError =
        error instanceof AppError
          ? error
          : new AppError({ code: 'INTERNAL', kind: 'internal', message: 'internal error', cause: error });
      if (!(error instanceof AppError) || appError.kind === 'internal') this.logger.error(error);
      const brokered = isBrokerRpcContext(host.switchToRpc().getContext());
      return throwError(() => (brokered ? toRpcErrorPayload(appError) : toGrpcError(appError)));
    }

    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { body, serverFault, retryAfterSeconds } = toErrorBody(error);
    if (serverFault) this.logger.error(error);
    if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
    void reply.status(body.statusCode).send(body);
    return undefined;
  }
}
