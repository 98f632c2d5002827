import {
  type AccessTokenClaims,
  JwksVerifier,
  requireServiceToken,
  type VerifyOptions,
} from '@commlab/access-tokens';
import { AppError } from '@commlab/errors';
import { Inject, Injectable } from '@nestjs/common';

/** Nest injection token of the options the JwksVerifier is created with. */
export const JWKS_VERIFIER_OPTIONS = Symbol('JWKS_VERIFIER_OPTIONS');

/** Nest injection token of how long after its expiry a queued command's token is accepted (seconds). */
export const COMMAND_TOKEN_GRACE_SECONDS = Symbol('COMMAND_TOKEN_GRACE_SECONDS');

/** The scope of ReserveStock and ReleaseStock, on every transport. */
export const STOCK_RESERVE_SCOPE = 'stock:reserve';

const BEARER = /^Bearer +([A-Za-z0-9\-_.~+/]+=*)$/i;

function missingToken(): AppError {
  return new AppError({
    code: 'MISSING_TOKEN',
    kind: 'unauthenticated',
    message:
      'send a service token: Authorization: Bearer <token> (HTTP header, gRPC metadata, AMQP or Kafka header); ' +
      'POST /oauth/token on auth-service issues one',
  });
}

/**
 * THE access check of inventory's service-only operations, whatever the transport: `Bearer <token>` from
 * auth-service's client credentials grant, verified locally against auth's JWKS (no call per request),
 * a service's token (not a user's), holding `scope`. No token → MISSING_TOKEN (401 / UNAUTHENTICATED), a
 * bad one → TOKEN_INVALID (401 / UNAUTHENTICATED), a user's token or one without the scope →
 * SERVICE_TOKEN_REQUIRED / INSUFFICIENT_SCOPE (403 / PERMISSION_DENIED), auth's keys unreachable →
 * AUTH_UNAVAILABLE (503 / UNAVAILABLE). Called by ServiceTokenGuard (HTTP, gRPC, Kafka), the RabbitMQ
 * RPC controller (which must ack whatever happens) and the `inventory.commands` consumer (which
 * dead-letters a refused command and retries while auth's keys are unreachable).
 */
@Injectable()
export class ServiceAccess {
  /** Created on first use (it only loads jose and prepares the key set; keys are fetched when needed). */
  private verifier: Promise<JwksVerifier> | undefined;

  constructor(
    @Inject(JWKS_VERIFIER_OPTIONS) private readonly options: Parameters<typeof JwksVerifier.create>[0],
  ) {}

  /** `verify.expiredGraceSeconds`: only for a queued command, sent with a token that was valid then. */
  async authorize(
    authorization: string | undefined,
    scope: string,
    verify: VerifyOptions = {},
  ): Promise<AccessTokenClaims> {
    const token = BEARER.exec((authorization ?? '').trim())?.[1];
    if (token === undefined) throw missingToken();
    this.verifier ??= JwksVerifier.create(this.options);
    const claims = await (await this.verifier).verify(token, verify);
    requireServiceToken(claims, scope);
    return claims;
  }
}
