import { AppError } from '@commlab/errors';
import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import { KafkaContext, RmqContext } from '@nestjs/microservices';
import { type Observable, tap } from 'rxjs';

/**
 * One log line per gRPC call or Kafka/RabbitMQ request, like pino-http's line per HTTP request: the handler, the
 * outcome and the duration, with the caller's correlation id (the interceptor runs inside the
 * correlation context). Like the HTTP line (`accessLogLevel`), a failure is a warning and a success is
 * debug: shown with `LOG_LEVEL=debug`.
 */
@Injectable()
export class RpcAccessLogInterceptor implements NestInterceptor {
  private readonly grpcLogger = new Logger('gRPC');
  private readonly kafkaLogger = new Logger('Kafka');
  private readonly rabbitMqLogger = new Logger('RabbitMQ');

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpcContext = context.switchToRpc().getContext<unknown>();
    const logger =
      rpcContext instanceof KafkaContext
        ? this.kafkaLogger
        : rpcContext instanceof RmqContext
          ? this.rabbitMqLogger
          : this.grpcLogger;
    const rpc = `${context.getClass().name}.${context.getHandler().name}`;
    const started = process.hrtime.bigint();
    const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;
    return next.handle().pipe(
      tap({
        complete: () => {
          logger.debug({ rpc, status: 'OK', responseTimeMs: elapsedMs() }, 'rpc completed');
        },
        error: (error: unknown) => {
          const status = error instanceof AppError ? error.code : 'INTERNAL';
          logger.warn({ rpc, status, responseTimeMs: elapsedMs() }, 'rpc failed');
        },
      }),
    );
  }
}
