import { checkAccessTokenClaims } from '@commlab/access-tokens';
import { AppError } from '@commlab/errors';
import { SERVICE_CONFIG } from '@commlab/service-kit';
import { Inject, Injectable } from '@nestjs/common';

import type { AuthConfig } from '../config/auth.config';
import { CLOCK, type Clock, JOSE } from '../injection-tokens';
import { KeyRing } from '../keys/key-ring';
import type { Jose } from '../keys/load-jose';
import { UserRepository } from '../users/user.repository';
import { ACCESS_TOKEN_ALGORITHM, MAX_TOKEN_LENGTH, type Principal } from './access-token';

/** jose error codes → why a token was refused (for logs and the message; clients see TOKEN_INVALID). */
const REASONS: Record<string, string> = {
  ERR_JWT_EXPIRED: 'the token has expired',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'the token signature is invalid',
  ERR_JOSE_ALG_NOT_ALLOWED: 'the token algorithm is not allowed',
  ERR_JWS_INVALID: 'the token is not a valid JWS',
  ERR_JWT_INVALID: 'the token is not a valid JWT',
  ERR_JOSE_NOT_SUPPORTED: 'the token uses an unsupported feature',
};

function tokenInvalid(reason: string, cause?: unknown): AppError {
  return new AppError({
    code: 'TOKEN_INVALID',
    kind: 'unauthenticated',
    message: `invalid token: ${reason}`,
    ...(cause === undefined ? {} : { cause }),
  });
}

function reasonOf(error: unknown): string {
  const { code, claim } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    claim?: unknown;
  };
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && typeof claim === 'string') {
    return `the "${claim}" claim is invalid`;
  }
  return (typeof code === 'string' ? REASONS[code] : undefined) ?? 'the token could not be verified';
}

/**
 * Use case: is this access token valid, and whose is it? Behind both POST /auth/verify and gRPC
 * VerifyToken. Only EdDSA, only keys found by `kid`, then checkAccessTokenClaims (@commlab/access-tokens:
 * the claim rules every verifier shares) on a user's token, and the user must still exist. Every refusal is 401 TOKEN_INVALID (gRPC UNAUTHENTICATED); an empty token is 400 TOKEN_REQUIRED.
 */
@Injectable()
export class VerifyToken {
  constructor(
    @Inject(JOSE) private readonly jose: Jose,
    @Inject(SERVICE_CONFIG) private readonly config: AuthConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly keys: KeyRing,
    private readonly users: UserRepository,
  ) {}

  async execute(token: string): Promise<Principal> {
    if (token.trim() === '') {
      throw new AppError({ code: 'TOKEN_REQUIRED', kind: 'invalid_argument', message: 'token is empty' });
    }
    if (token.length > MAX_TOKEN_LENGTH) throw tokenInvalid('the token is too long');

    const payload = await this.verifySignatureAndClaims(token);
    // The same claim rules as every other verifier (local JWKS verification included).
    const claims = checkAccessTokenClaims(payload, {
      issuer: this.config.AUTH_JWT_ISSUER,
      audience: this.config.AUTH_JWT_AUDIENCE,
      nowSeconds: Math.floor(this.clock() / 1000),
    });
    if (claims.kind !== 'user') throw tokenInvalid("a service token is not a user's token");

    const user = await this.users.findById(claims.sub);
    if (user === undefined) throw tokenInvalid('the user no longer exists');
    return {
      userId: user.id,
      email: user.email,
      expiresAtUnixSeconds: claims.expiresAtUnixSeconds,
      scopes: claims.scopes,
    };
  }

  private async verifySignatureAndClaims(token: string): Promise<unknown> {
    try {
      const { payload } = await this.jose.jwtVerify(
        token,
        async ({ kid }) => {
          if (kid === undefined) throw tokenInvalid('the token names no signing key (kid)');
          const key = await this.keys.verificationKey(kid);
          if (key === undefined) throw tokenInvalid('the token names an unknown signing key');
          return key;
        },
        {
          algorithms: [ACCESS_TOKEN_ALGORITHM],
          issuer: this.config.AUTH_JWT_ISSUER,
          audience: this.config.AUTH_JWT_AUDIENCE,
          requiredClaims: ['sub', 'exp', 'iat', 'jti'],
          currentDate: new Date(this.clock()),
        },
      );
      return payload;
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw tokenInvalid(reasonOf(error), error);
    }
  }
}
