import { JwksVerifier, jwksVerifierOptions, type VerifiedClaims } from '@commlab/access-tokens';
import { AppError } from '@commlab/errors';
import { SERVICE_CONFIG } from '@commlab/service-kit';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';

import type { OrderConfig } from '../config/order.config';
import type { Principal, TokenVerifier } from './principal';

/**
 * Local verification: auth-service's public keys (JWKS) are fetched once and cached, then every token is
 * checked in-process — no network call per request — with the same claim rules as auth's VerifyToken
 * (checkAccessTokenClaims). The trade-off the demo shows: speed and resilience against what only auth
 * knows — a deleted user's token is accepted until it expires (up to 15 minutes, the user token lifetime).
 */
@Injectable()
export class JwksTokenVerifier implements TokenVerifier, OnModuleInit {
  readonly mode = 'jwks';
  private verifier!: JwksVerifier;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: OrderConfig) {}

  async onModuleInit(): Promise<void> {
    this.verifier = await JwksVerifier.create(
      jwksVerifierOptions(this.config, this.config.DOWNSTREAM_TIMEOUT_MS),
    );
  }

  /** The token's claims, a user's or a service's (the admin endpoints want a service's). */
  verifyClaims(token: string): Promise<VerifiedClaims> {
    return this.verifier.verify(token);
  }

  async verify(token: string): Promise<Principal> {
    const claims = await this.verifyClaims(token);
    if (claims.kind !== 'user') {
      throw new AppError({
        code: 'TOKEN_INVALID',
        kind: 'unauthenticated',
        message: "invalid access token: a service token is not a user's token",
      });
    }
    return {
      userId: claims.sub,
      email: claims.email,
      expiresAtUnixSeconds: claims.expiresAtUnixSeconds,
      scopes: claims.scopes,
    };
  }
}
