import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { createRemoteJWKSet, jwtVerify } from 'jose' with { 'resolution-mode': 'import' };

import { SERVICE_CONFIG } from '@commlab/service-kit';
import type { OrderConfig } from '../config/order.config';
import { authFailure } from './auth-errors';
import type { Principal, TokenVerifier } from './principal';

/**
 * Local verification: auth-service's public keys (JWKS) are fetched once and cached, then every token is
 * checked in-process — no network call per request. The trade-off the demo shows: speed and resilience
 * against a revocation that cannot be seen until the token expires.
 */
@Injectable()
export class JwksTokenVerifier implements TokenVerifier, OnModuleInit {
  readonly mode = 'jwks';
  private keys!: ReturnType<typeof createRemoteJWKSet>;
  private verifyJwt!: typeof jwtVerify;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: OrderConfig) {}

  async onModuleInit(): Promise<void> {
    // jose ships as an ES module only; a dynamic import loads it from this CommonJS build.
    const jose = await import('jose');
    this.verifyJwt = jose.jwtVerify;
    this.keys = jose.createRemoteJWKSet(new URL('/.well-known/jwks.json', this.config.AUTH_HTTP_URL), {
      timeoutDuration: this.config.DOWNSTREAM_TIMEOUT_MS,
      cacheMaxAge: this.config.JWKS_CACHE_MS,
      cooldownDuration: 30_000,
    });
  }

  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await this.verifyJwt(token, this.keys, {
        algorithms: ['EdDSA'],
        issuer: this.config.AUTH_JWT_ISSUER,
        audience: this.config.AUTH_JWT_AUDIENCE,
        requiredClaims: ['sub', 'exp'],
      });
      const scope = typeof payload.scope === 'string' ? payload.scope : '';
      return {
        userId: payload.sub ?? '',
        email: typeof payload.email === 'string' ? payload.email : '',
        expiresAtUnixSeconds: payload.exp ?? 0,
        scopes: scope.split(' ').filter((s) => s.length > 0),
      };
    } catch (error) {
      throw authFailure(
        isKeySetUnreachable(error) ? 'unavailable' : 'unauthenticated',
        messageOf(error),
        error,
      );
    }
  }
}

/** jose's errors carry a stable `code`; anything without one (fetch failed, timeout) means auth is unreachable. */
function isKeySetUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_JWKS_TIMEOUT' || code === 'ERR_JOSE_GENERIC') return true; // timeout, or a non-200 key set answer
  return typeof code !== 'string' || !code.startsWith('ERR_J');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
