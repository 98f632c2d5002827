import { JwksVerifier, requireScope } from '@commlab/access-tokens';
import { AppError } from '@commlab/errors';
import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

/** Nest injection token of the options the guard's JwksVerifier is created with. */
export const JWKS_VERIFIER_OPTIONS = Symbol('JWKS_VERIFIER_OPTIONS');

const REQUIRED_SCOPE = 'commlab:required-scope';

/** The scope a route's caller must hold: `@RequireScope('stock:adjust')` beside `@UseGuards(ServiceTokenGuard)`. */
export const RequireScope = (scope: string) => SetMetadata(REQUIRED_SCOPE, scope);

/**
 * A route only services may call: `Authorization: Bearer <access token>` from auth-service's client
 * credentials grant, verified locally against auth's JWKS (no call per request), holding the route's
 * scope. No token → 401 MISSING_TOKEN, a bad one → 401 TOKEN_INVALID, a token without the scope → 403
 * INSUFFICIENT_SCOPE, auth's keys unreachable → 503 AUTH_UNAVAILABLE.
 */
@Injectable()
export class ServiceTokenGuard implements CanActivate {
  /** Created on first use (it only loads jose and prepares the key set; keys are fetched when needed). */
  private verifier: Promise<JwksVerifier> | undefined;

  constructor(
    private readonly reflector: Reflector,
    @Inject(JWKS_VERIFIER_OPTIONS) private readonly options: Parameters<typeof JwksVerifier.create>[0],
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scope = this.reflector.get<string | undefined>(REQUIRED_SCOPE, context.getHandler());
    if (scope === undefined) throw new Error('ServiceTokenGuard on a route without @RequireScope');
    const { headers } = context.switchToHttp().getRequest<{ headers: { authorization?: string } }>();
    const token = /^Bearer +([A-Za-z0-9\-_.~+/]+=*)$/i.exec((headers.authorization ?? '').trim())?.[1];
    if (token === undefined) {
      throw new AppError({
        code: 'MISSING_TOKEN',
        kind: 'unauthenticated',
        message:
          'send a service token: Authorization: Bearer <token> (POST /oauth/token on auth-service issues one)',
      });
    }
    this.verifier ??= JwksVerifier.create(this.options);
    requireScope(await (await this.verifier).verify(token), scope);
    return true;
  }
}
