import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { ServiceAccess } from './service-access';
import { attachServiceCaller } from './service-caller';
import { authorizationOf } from './transport-authorization';

export { JWKS_VERIFIER_OPTIONS } from './service-access';

const REQUIRED_SCOPE = 'commlab:required-scope';

/** The scope a handler's caller must hold: `@RequireScope('stock:adjust')` beside `@UseGuards(ServiceTokenGuard)`. */
export const RequireScope = (scope: string) => SetMetadata(REQUIRED_SCOPE, scope);

/**
 * A handler only services may call, on any transport (HTTP route, gRPC method, Kafka message pattern):
 * the caller's `authorization` (authorizationOf) goes through ServiceAccess with the handler's scope.
 * HTTP answers 401/403/503, gRPC UNAUTHENTICATED/PERMISSION_DENIED/UNAVAILABLE, a Kafka request its error
 * reply — and the handler never runs. The verified caller is remembered for ServiceCallerInterceptor.
 */
@Injectable()
export class ServiceTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: ServiceAccess,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scope = this.reflector.get<string | undefined>(REQUIRED_SCOPE, context.getHandler());
    if (scope === undefined) throw new Error('ServiceTokenGuard on a handler without @RequireScope');
    attachServiceCaller(context, await this.access.authorize(authorizationOf(context), scope));
    return true;
  }
}
