import { AppError } from '@commlab/errors';

import { type AccessTokenClaims, checkAccessTokenClaims } from './access-token-claims';
import type * as JoseExports from 'jose' with { 'resolution-mode': 'import' };

type Jose = typeof JoseExports;

/** The only algorithm commlab signs access tokens with, and the only one verification accepts. */
export const ACCESS_TOKEN_ALGORITHM = 'EdDSA';

export interface JwksVerifierOptions {
  /** auth-service's base URL; the keys are at `/.well-known/jwks.json`. */
  authUrl: string;
  issuer: string;
  audience: string;
  /** Bound of one fetch of the key set; past it the token cannot be checked (503 AUTH_UNAVAILABLE). */
  timeoutMs: number;
  /** How long fetched keys are used before they are fetched again. */
  cacheMs: number;
}

export interface VerifyOptions {
  /** How long after its expiry a token is still accepted, in seconds (default 0). */
  expiredGraceSeconds?: number;
}

/** What a valid token says, whoever it was issued to (see checkAccessTokenClaims). */
export type VerifiedClaims = AccessTokenClaims;

let loading: Promise<Jose> | undefined;

/** jose 6 is an ES module only: loaded once with a dynamic import from this CommonJS package. */
function loadJose(): Promise<Jose> {
  loading ??= import('jose');
  return loading;
}

function invalid(message: string, cause: unknown): AppError {
  return new AppError({
    code: 'TOKEN_INVALID',
    kind: 'unauthenticated',
    message: `invalid access token: ${message}`,
    cause,
  });
}

function unavailable(message: string, cause: unknown): AppError {
  return new AppError({
    code: 'AUTH_UNAVAILABLE',
    kind: 'unavailable',
    message: `auth-service is unavailable: ${message}`,
    cause,
  });
}

/** jose's errors carry a stable `code`; anything without one (fetch failed, timeout) means auth is unreachable. */
function isKeySetUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_JWKS_TIMEOUT' || code === 'ERR_JOSE_GENERIC') return true; // timeout, or a non-200 key set answer
  return typeof code !== 'string' || !code.startsWith('ERR_J');
}

/**
 * Local verification of commlab access tokens: auth-service's public keys (JWKS) are fetched once and
 * cached, then every token is checked in-process — EdDSA only, then checkAccessTokenClaims (the same
 * rules auth-service's VerifyToken applies). What it cannot know: whether the user or client still exists
 * (a deleted user's token stays valid until it expires — up to 15 minutes for users, 5 for services). Refusals are 401 TOKEN_INVALID; an unreachable key set
 * is 503 AUTH_UNAVAILABLE.
 */
export class JwksVerifier {
  private constructor(
    private readonly jose: Jose,
    private readonly keys: ReturnType<Jose['createRemoteJWKSet']>,
    private readonly options: JwksVerifierOptions,
  ) {}

  static async create(options: JwksVerifierOptions): Promise<JwksVerifier> {
    const jose = await loadJose();
    const keys = jose.createRemoteJWKSet(new URL('/.well-known/jwks.json', options.authUrl), {
      timeoutDuration: options.timeoutMs,
      cacheMaxAge: options.cacheMs,
      cooldownDuration: 30_000,
    });
    return new JwksVerifier(jose, keys, options);
  }

  /**
   * `expiredGraceSeconds` (default 0) accepts a token that expired at most that long ago: only for a
   * message that may have waited in a queue since it was sent with a then-valid token.
   */
  async verify(token: string, { expiredGraceSeconds = 0 }: VerifyOptions = {}): Promise<VerifiedClaims> {
    if (!Number.isSafeInteger(expiredGraceSeconds) || expiredGraceSeconds < 0) {
      throw new RangeError('expiredGraceSeconds must be a non-negative integer.');
    }
    let payload: JoseExports.JWTPayload;
    try {
      ({ payload } = await this.jose.jwtVerify(token, this.keys, {
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        issuer: this.options.issuer,
        audience: this.options.audience,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: expiredGraceSeconds,
      }));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw isKeySetUnreachable(error) ? unavailable(message, error) : invalid(message, error);
    }
    return checkAccessTokenClaims(payload, {
      issuer: this.options.issuer,
      audience: this.options.audience,
      nowSeconds: Math.floor(Date.now() / 1000) - expiredGraceSeconds,
    });
  }
}

/** 403 INSUFFICIENT_SCOPE unless the token grants `scope`. */
/**
 * A service's token (client credentials), not a user's, holding `scope`: a user's token → 403
 * SERVICE_TOKEN_REQUIRED, a service token without the scope → 403 INSUFFICIENT_SCOPE (requireScope).
 */
export function requireServiceToken(claims: Pick<VerifiedClaims, 'kind' | 'scopes'>, scope: string): void {
  if (claims.kind !== 'service') {
    throw new AppError({
      code: 'SERVICE_TOKEN_REQUIRED',
      kind: 'permission_denied',
      message: "only services may call this: a user's token is not enough (use a service token)",
      details: { requiredScope: scope },
    });
  }
  requireScope(claims, scope);
}

export function requireScope(claims: Pick<VerifiedClaims, 'scopes'>, scope: string): void {
  if (claims.scopes.includes(scope)) return;
  throw new AppError({
    code: 'INSUFFICIENT_SCOPE',
    kind: 'permission_denied',
    message: `the access token does not grant the scope ${scope}`,
    details: { requiredScope: scope },
  });
}
