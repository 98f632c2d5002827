import { AppError } from '@commlab/errors';
import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import { type Observable, tap } from 'rxjs';

/**
 * One log line per gRPC call, like pino-http's line per HTTP request: the handler, the outcome and the
 * duration, with the caller's correlation id (the interceptor runs inside the correlation context).
 */
@Injectable()
export class RpcAccessLogInterceptor implements NestInterceptor {
  private readonly logger = new Logger('gRPC');

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpc = `${context.getClass().name}.${context.getHandler().name}`;
    const started = process.hrtime.bigint();
    const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;
    return next.handle().pipe(
      tap({
        complete: () => {
          this.logger.log({ rpc, status: 'OK', responseTimeMs: elapsedMs() }, 'rpc completed');
        },
        error: (error: unknown) => {
          const status = error instanceof AppError ? error.code : 'INTERNAL';
          this.logger.log({ rpc, status, responseTimeMs: elapsedMs() }, 'rpc failed');
        },
      }),
    );
  }
}
