import { AppError, toGrpcError } from '@commlab/errors';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * inventory.proto answers a reused or released `reservation_id` with ALREADY_EXISTS, which the shared
 * kinds table has no kind for (`conflict` is ABORTED). This filter, on the gRPC controller only, sends
 * RESERVATION_CONFLICT as ALREADY_EXISTS and every other AppError exactly as the global filter does.
 * Errors that are not AppErrors still go to the global filter (500 INTERNAL, logged).
 */
@Catch(AppError)
export class InventoryGrpcExceptionFilter implements ExceptionFilter<AppError> {
  private readonly logger = new Logger('Errors');

  catch(error: AppError, _host: ArgumentsHost): Observable<never> {
    if (error.kind === 'internal') this.logger.error(error);
    const payload = toGrpcError(error);
    if (error.code === 'RESERVATION_CONFLICT') payload.code = GrpcStatus.ALREADY_EXISTS;
    return throwError(() => payload);
  }
}
