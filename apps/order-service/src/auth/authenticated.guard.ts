import { acceptCorrelationId, runWithCorrelationId, ZodValidationPipe } from '@commlab/service-kit';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { z } from 'zod';

import { AuthenticateCaller } from './authenticate-caller';
import { AUTH_MODES, type Principal } from './principal';

/** `?auth=grpc|rest|jwks`: how the bearer token is verified (default gRPC). Other query keys are the route's. */
export const authQuerySchema = z.object({ auth: z.enum(AUTH_MODES).default('grpc') });
const authQuery = new ZodValidationPipe(authQuerySchema, 'query');

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
 * left on the request for `@Principal()`. No token → 401 MISSING_TOKEN, a bad one → 401 TOKEN_INVALID,
 * auth-service unreachable → 503 AUTH_UNAVAILABLE, an unknown `?auth=` → 400 VALIDATION_FAILED.
 */
@Injectable()
export class AuthenticatedGuard implements CanActivate {
  constructor(private readonly authenticate: AuthenticateCaller) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const { auth } = authQuery.transform(request.query);
    const header = request.headers.authorization;
    // Guards run before interceptors: the request's correlation context (CorrelationInterceptor) does
    // not exist yet, so the call to auth-service gets it here — in its metadata and the live-feed line.
    request.principal = await runWithCorrelationId(acceptCorrelationId(request.id), () =>
      this.authenticate.execute(Array.isArray(header) ? header[0] : header, auth),
    );
    return true;
  }
}
