import { CORRELATION_ID_HEADER } from '@commlab/contracts';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import { KafkaContext, RmqContext } from '@nestjs/microservices';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';

import { acceptCorrelationId, runWithCorrelationId } from './correlation-context';

/**
 * Puts every handled request in a correlation context. HTTP: the id pino-http assigned (the client's
 * `x-correlation-id` or a new one), echoed in the response header. gRPC: the `x-correlation-id` metadata.
 * Kafka request-reply: the `x-correlation-id` record header. RabbitMQ: the `x-correlation-id` AMQP header.
 */
@Injectable()
export class CorrelationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const correlationId = this.correlationIdOf(context);
    return new Observable((subscriber) => {
      const subscription = runWithCorrelationId(correlationId, () => next.handle().subscribe(subscriber));
      return () => {
        subscription.unsubscribe();
      };
    });
  }

  private correlationIdOf(context: ExecutionContext): string {
    const type = context.getType<'http' | 'rpc' | 'ws'>();
    if (type === 'http') {
      const http = context.switchToHttp();
      const request = http.getRequest<FastifyRequest>();
      const id = acceptCorrelationId(request.id);
      void http.getResponse<FastifyReply>().header(CORRELATION_ID_HEADER, id);
      return id;
    }
    if (type === 'rpc') {
      const rpcContext = context.switchToRpc().getContext<unknown>();
      if (rpcContext instanceof KafkaContext) {
        // NestJS has decoded the record's headers to strings already.
        const headers = rpcContext.getMessage().headers as Record<string, unknown> | undefined;
        return acceptCorrelationId(headers?.[CORRELATION_ID_HEADER]);
      }
      if (rpcContext instanceof RmqContext) {
        const message = rpcContext.getMessage() as { properties?: { headers?: Record<string, unknown> } };
        return acceptCorrelationId(message.properties?.headers?.[CORRELATION_ID_HEADER]);
      }
      const metadata = rpcContext as Metadata | undefined;
      return acceptCorrelationId(
        typeof metadata?.get === 'function' ? metadata.get(CORRELATION_ID_HEADER) : undefined,
      );
    }
    return acceptCorrelationId(undefined);
  }
}
