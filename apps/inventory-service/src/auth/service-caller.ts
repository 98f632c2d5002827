import { AsyncLocalStorage } from 'node:async_hooks';

import type { AccessTokenClaims } from '@commlab/access-tokens';
import type { ExecutionContext } from '@nestjs/common';

/**
 * Who is calling: the client id of the service whose token ServiceTokenGuard accepted. The guard leaves
 * the claims on the transport's request object (the HTTP request, the gRPC metadata, the Kafka or RabbitMQ
 * context); ServiceCallerInterceptor then makes the client id available below the handler
 * (currentServiceCaller), the way the correlation id is.
 */
const callers = new WeakMap<object, AccessTokenClaims>();
const storage = new AsyncLocalStorage<{ clientId: string }>();

/** The object that stands for one call on its transport, shared by the guards and interceptors of it. */
function callOf(context: ExecutionContext): object | undefined {
  const call: unknown =
    context.getType() === 'http' ? context.switchToHttp().getRequest() : context.switchToRpc().getContext();
  return typeof call === 'object' && call !== null ? call : undefined;
}

/** Remembers the verified claims of the caller of `context`. */
export function attachServiceCaller(context: ExecutionContext, claims: AccessTokenClaims): void {
  const call = callOf(context);
  if (call !== undefined) callers.set(call, claims);
}

/** The client id the guard accepted for `context`, if a guard ran and accepted a service token. */
export function serviceCallerOf(context: ExecutionContext): string | undefined {
  const call = callOf(context);
  return call === undefined ? undefined : callers.get(call)?.sub;
}

export function runAsServiceCaller<T>(clientId: string, fn: () => T): T {
  return storage.run({ clientId }, fn);
}

/** The client id of the service whose call is being handled, when a ServiceTokenGuard accepted it. */
export function currentServiceCaller(): string | undefined {
  return storage.getStore()?.clientId;
}
