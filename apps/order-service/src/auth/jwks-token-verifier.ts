import { JwksVerifier, jwksVerifierOptions } from '@commlab/access-tokens';
import { SERVICE_CONFIG } from '@commlab/service-kit';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';

import type { OrderConfig } from '../config/order.config';
import type { Principal, TokenVerifier } from './principal';

/**
 * Local verification: auth-service's public keys (JWKS) are fetched once and cached, then every token is
 * checked in-process — no network call per request. The trade-off the demo shows: speed and resilience
 * against a revocation that cannot be seen until the token expires.
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

  async verify(token: string): Promise<Principal> {
    const claims = await this.verifier.verify(token);
    return {
      userId: claims.sub,
      email: claims.email ?? '',
      expiresAtUnixSeconds: claims.expiresAtUnixSeconds,
      scopes: claims.scopes,
    };
  }
}
