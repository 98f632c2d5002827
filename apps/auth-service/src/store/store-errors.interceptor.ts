import { AppError } from '@commlab/errors';
import { DatabaseError } from '@commlab/persistence';
import { type CallHandler, Injectable, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';

/**
 * A store that cannot answer right now (connection lost, closed, serialization failure) is a transient
 * outage of auth-service: 503 / gRPC UNAVAILABLE with code `AUTH_STORE_UNAVAILABLE`, retriable, as the
 * proto promises. Other store errors stay internal (500 / INTERNAL).
 */
export function fromStoreError(error: unknown): unknown {
  if (error instanceof DatabaseError && (error.retriable || error.code === 'DB_CLOSED')) {
    return new AppError({
      code: 'AUTH_STORE_UNAVAILABLE',
      kind: 'unavailable',
      message: 'auth-service cannot reach its store right now; retry later',
      cause: error,
    });
  }
  return error;
}

/** Applies `fromStoreError` to every HTTP and gRPC handler of the service. */
@Injectable()
export class StoreErrorsInterceptor implements NestInterceptor {
  intercept(_context: unknown, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => fromStoreError(error))));
  }
}
