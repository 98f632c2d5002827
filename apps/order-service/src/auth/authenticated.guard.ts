import { acceptCorrelationId, runWithCorrelationId, ZodValidationPipe } from '@commlab/service-kit';
import { requireScope, type USER_SCOPES } from '@commlab/access-tokens';
import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { z } from 'zod';

import { AuthenticateCaller } from './authenticate-caller';
import { AUTH_MODES, type Principal } from './principal';

/** `?auth=grpc|rest|jwks`: how the bearer token is verified (default gRPC). Other query keys are the route's. */
export const authQuerySchema = z.object({ auth: z.enum(AUTH_MODES).default('grpc') });
const authQuery = new ZodValidationPipe(authQuerySchema, 'query');

const REQUIRED_SCOPE = 'commlab:order-scope';

/** The scope a route's caller must hold: `orders:read` to read, `orders:write` to place. */
export const RequireOrderScope = (scope: (typeof USER_SCOPES)[number]) => SetMetadata(REQUIRED_SCOPE, scope);

/** The request as the guard and `@Principal()` see it. */
export interface AuthenticatedRequest {
  /** The request id Fastify assigned: the client's x-correlation-id when sane, else a new one. */
  id?: unknown;
  headers: Record<string, string | string[] | undefined>;
  query: unknown;
  principal?: Principal;
}

/**
 * Every order route's caller is authenticated before its handler runs: the bearer token is verified the
 * way `?auth=` asks (gRPC or REST call to auth-service, or locally with auth's JWKS), and the principal is
 * left on the request for `@Principal()`; then the token must grant the route's `@RequireOrderScope` — the
 * same in every auth mode. No token → 401 MISSING_TOKEN, a bad one → 401 TOKEN_INVALID, a token without
 * the scope → 403 INSUFFICIENT_SCOPE,
 * auth-service unreachable → 503 AUTH_UNAVAILABLE, an unknown `?auth=` → 400 VALIDATION_FAILED.
 */
@Injectable()
export class AuthenticatedGuard implements CanActivate {
  constructor(
    private readonly authenticate: AuthenticateCaller,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scope = this.reflector.get<string | undefined>(REQUIRED_SCOPE, context.getHandler());
    if (scope === undefined) throw new Error('AuthenticatedGuard on a route without @RequireOrderScope');
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const { auth } = authQuery.transform(request.query);
    const header = request.headers.authorization;
    // Guards run before interceptors: the request's correlation context (CorrelationInterceptor) does
    // not exist yet, so the call to auth-service gets it here — in its metadata and the live-feed line.
    request.principal = await runWithCorrelationId(acceptCorrelationId(request.id), () =>
      this.authenticate.execute(Array.isArray(header) ? header[0] : header, auth),
    );
    requireScope(request.principal, scope);
    return true;
  }
}
