import { randomUUID } from 'node:crypto';

import { SERVICE_CONFIG } from '@commlab/service-kit';
import { Inject, Injectable } from '@nestjs/common';

import type { AuthConfig } from '../config/auth.config';
import { CLOCK, type Clock, JOSE } from '../injection-tokens';
import { KeyRing } from '../keys/key-ring';
import type { Jose } from '../keys/load-jose';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_SCOPES, ACCESS_TOKEN_TTL_SECONDS } from './access-token';

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** How long a service token (client credentials grant) lives: short, it is fetched again when needed. */
export const SERVICE_TOKEN_TTL_SECONDS = 300;

/** Signs access tokens: EdDSA, `kid` = thumbprint of the active key. */
@Injectable()
export class TokenIssuer {
  constructor(
    @Inject(JOSE) private readonly jose: Jose,
    @Inject(SERVICE_CONFIG) private readonly config: AuthConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly keys: KeyRing,
  ) {}

  /** A user's token (login): `sub` = user id, the user scopes, 15 minutes. */
  issue(user: { id: string; email: string }): Promise<IssuedToken> {
    return this.sign(
      user.id,
      { email: user.email, scope: ACCESS_TOKEN_SCOPES.join(' ') },
      ACCESS_TOKEN_TTL_SECONDS,
    );
  }

  /** A service's token (client credentials): `sub` = `client_id` = the client, the granted scopes, 5 minutes. */
  issueForClient(clientId: string, scopes: readonly string[]): Promise<IssuedToken> {
    return this.sign(clientId, { client_id: clientId, scope: scopes.join(' ') }, SERVICE_TOKEN_TTL_SECONDS);
  }

  private async sign(
    subject: string,
    claims: Record<string, string>,
    ttlSeconds: number,
  ): Promise<IssuedToken> {
    const now = Math.floor(this.clock() / 1000);
    const accessToken = await new this.jose.SignJWT(claims)
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid: this.keys.signingKid, typ: 'JWT' })
      .setIssuer(this.config.AUTH_JWT_ISSUER)
      .setAudience(this.config.AUTH_JWT_AUDIENCE)
      .setSubject(subject)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .setJti(randomUUID())
      .sign(this.keys.signingKey);
    return { accessToken, tokenType: 'Bearer', expiresIn: ttlSeconds };
  }
}
