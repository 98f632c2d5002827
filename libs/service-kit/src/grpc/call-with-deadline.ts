import type { CallOptions, Metadata } from '@grpc/grpc-js';
import { firstValueFrom, type Observable } from 'rxjs';

import { correlationMetadata } from '../correlation/correlation-context';

type Unary = (request: never, ...rest: never[]) => Observable<unknown>;

/** The names of a NestJS `ClientGrpc` service's unary methods. */
type UnaryMethod<Service> = {
  [K in keyof Service]: Service[K] extends Unary ? K : never;
}[keyof Service];

type RequestOf<F> = F extends (request: infer Request, ...rest: never[]) => Observable<unknown>
  ? Request
  : never;
type ResponseOf<F> = F extends (...args: never[]) => Observable<infer Response> ? Response : never;

/**
 * One unary call through NestJS's gRPC client with what every commlab caller sends: a deadline
 * (`timeoutMs` from now; past it the call fails with DEADLINE_EXCEEDED instead of hanging) and the
 * current correlation id as metadata (NestJS passes the extra arguments through to @grpc/grpc-js), plus
 * `extraMetadata` (e.g. `authorization` with a service token).
 * Rejects with the grpc-js ServiceError; map it with `fromGrpcError`.
 */
export function callWithDeadline<Service extends object, Method extends UnaryMethod<Service>>(
  service: Service,
  method: Method,
  request: RequestOf<Service[Method]>,
  timeoutMs: number,
  extraMetadata: Readonly<Record<string, string>> = {},
): Promise<ResponseOf<Service[Method]>> {
  const call = (service[method] as (...args: unknown[]) => Observable<ResponseOf<Service[Method]>>).bind(
    service,
  ) as (
    request: unknown,
    metadata: Metadata,
    options: CallOptions,
  ) => Observable<ResponseOf<Service[Method]>>;
  const metadata = correlationMetadata();
  for (const [key, value] of Object.entries(extraMetadata)) metadata.set(key, value);
  return firstValueFrom(call(request, metadata, { deadline: Date.now() + timeoutMs }));
}
