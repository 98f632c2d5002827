import { AppError } from '@commlab/errors';
import type { PackageDefinition, ServiceDefinition } from '@grpc/proto-loader';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * What a gRPC handler receives instead of a request whose bytes are no valid message of its type
 * (truncated, a wrong wire type, invalid UTF-8 in a string field). @grpc/grpc-js answers a request its
 * deserializer throws on with INTERNAL — a server fault — before any handler or filter runs; the
 * client sent bad input, so commlab answers INVALID_ARGUMENT (UndecodableGrpcRequestInterceptor).
 */
export class UndecodableGrpcRequest {
  constructor(
    readonly method: string,
    readonly cause: unknown,
  ) {}
}

/**
 * The package definition with every method's request deserializer made total: a message it cannot
 * decode becomes an UndecodableGrpcRequest instead of an exception.
 */
export function tolerantPackageDefinition(definition: PackageDefinition): PackageDefinition {
  const result: PackageDefinition = {};
  for (const [name, entry] of Object.entries(definition)) {
    if ('format' in entry || 'fileDescriptorProtos' in entry) {
      result[name] = entry;
      continue;
    }
    const service: ServiceDefinition = Object.fromEntries(
      Object.entries(entry).map(([methodName, method]) => [
        methodName,
        {
          ...method,
          requestDeserialize: (bytes: Buffer): unknown => {
            try {
              return method.requestDeserialize(bytes);
            } catch (error) {
              return new UndecodableGrpcRequest(method.path, error);
            }
          },
        },
      ]),
    ) as ServiceDefinition;
    result[name] = service;
  }
  return result;
}

/** Refuses an UndecodableGrpcRequest with INVALID_ARGUMENT (MALFORMED_REQUEST) before the handler runs. */
@Injectable()
export class UndecodableGrpcRequestInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'rpc') {
      const data = context.switchToRpc().getData<unknown>();
      if (data instanceof UndecodableGrpcRequest) {
        return throwError(
          () =>
            new AppError({
              code: 'MALFORMED_REQUEST',
              kind: 'invalid_argument',
              message: `the request is not a valid message for ${data.method}`,
              cause: data.cause,
            }),
        );
      }
    }
    return next.handle();
  }
}
