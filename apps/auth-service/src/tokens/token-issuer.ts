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

/** Signs access tokens: EdDSA, `kid` = thumbprint of the active key, 15 minutes. */
@Injectable()
export class TokenIssuer {
  constructor(
    @Inject(JOSE) private readonly jose: Jose,
    @Inject(SERVICE_CONFIG) private readonly config: AuthConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly keys: KeyRing,
  ) {}

  async issue(user: { id: string; email: string }): Promise<IssuedToken> {
    const now = Math.floor(this.clock() / 1000);
    const accessToken = await new this.jose.SignJWT({
      email: user.email,
      scope: ACCESS_TOKEN_SCOPES.join(' '),
    })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid: this.keys.signingKid, typ: 'JWT' })
      .setIssuer(this.config.AUTH_JWT_ISSUER)
      .setAudience(this.config.AUTH_JWT_AUDIENCE)
      .setSubject(user.id)
      .setIssuedAt(now)
      .setExpirationTime(now + ACCESS_TOKEN_TTL_SECONDS)
      .setJti(randomUUID())
      .sign(this.keys.signingKey);
    return { accessToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_TTL_SECONDS };
  }
}
