import { requireServiceToken } from '@commlab/access-tokens';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';

import { bearerToken } from './bearer-token';
import { JwksTokenVerifier } from './jwks-token-verifier';

/**
 * The scope of order-service's admin endpoints (POST /admin/reconcile): the operators' service scope —
 * what stock adjustments on inventory need too (the reconciliation releases stock).
 */
export const ADMIN_SCOPE = 'stock:adjust';

/**
 * order-service's admin endpoints are for operators' tools, like inventory's service-only operations: a
 * service token (client credentials, POST /oauth/token on auth) with `stock:adjust`, verified locally
 * against auth's JWKS. No token → 401 MISSING_TOKEN, a bad one → 401 TOKEN_INVALID, a user's token → 403
 * SERVICE_TOKEN_REQUIRED, a service token without the scope → 403 INSUFFICIENT_SCOPE, auth's keys
 * unreachable → 503 AUTH_UNAVAILABLE.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(private readonly jwks: JwksTokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    const claims = await this.jwks.verifyClaims(bearerToken(request.headers.authorization));
    requireServiceToken(claims, ADMIN_SCOPE);
    return true;
  }
}
