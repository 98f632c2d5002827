import { AppError } from '@commlab/errors';

/** What a user's token may grant (login). */
export const USER_SCOPES = ['orders:read', 'orders:write'] as const;
/** What a service's token may grant (client credentials): inventory's stock adjustments and reservations. */
export const SERVICE_SCOPES = ['stock:adjust', 'stock:reserve'] as const;
/** Every scope commlab knows; a token naming any other is refused. */
export const KNOWN_SCOPES: readonly string[] = [...USER_SCOPES, ...SERVICE_SCOPES];

/** A user id as auth-service issues it: a UUID (lowercase or not, any version). */
export const USER_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A service client's id, as AUTH_CLIENTS accepts it. */
export const CLIENT_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** What commlab access tokens must say, beyond a valid signature. */
export interface ExpectedClaims {
  issuer: string;
  audience: string;
  /** Now, in seconds since the epoch: `exp` must be later. */
  nowSeconds: number;
}

/** The claims of a token that passed every rule. */
export type AccessTokenClaims =
  | {
      kind: 'user';
      /** The user id. */
      sub: string;
      email: string;
      scopes: string[];
      expiresAtUnixSeconds: number;
    }
  | {
      kind: 'service';
      /** The client id (= `client_id`). */
      sub: string;
      clientId: string;
      scopes: string[];
      expiresAtUnixSeconds: number;
    };

function refused(reason: string): AppError {
  return new AppError({
    code: 'TOKEN_INVALID',
    kind: 'unauthenticated',
    message: `invalid access token: ${reason}`,
    details: { reason },
  });
}

/** `scope`: a string of known scopes separated by single spaces ("" grants nothing). */
function scopesOf(scope: unknown): string[] {
  if (typeof scope !== 'string') throw refused('the "scope" claim must be a space-separated string');
  if (scope === '') return [];
  const scopes = scope.split(' ');
  const unknown = scopes.filter((name) => !KNOWN_SCOPES.includes(name));
  if (unknown.length > 0) {
    throw refused(
      `the "scope" claim names unknown scopes: ${unknown.map((s) => JSON.stringify(s)).join(', ')}`,
    );
  }
  return [...new Set(scopes)];
}

/** A user token grants only user scopes, a service token only service scopes. */
function onlyScopesOf(scopes: readonly string[], allowed: readonly string[], whose: string): void {
  const foreign = scopes.filter((scope) => !allowed.includes(scope));
  if (foreign.length > 0) throw refused(`${whose} may not grant ${foreign.join(', ')}`);
}

function audienceMatches(aud: unknown, audience: string): boolean {
  if (typeof aud === 'string') return aud === audience;
  return (
    Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string') && aud.includes(audience)
  );
}

/**
 * THE claim rules of commlab's access tokens, applied by every verifier (auth-service's gRPC and REST
 * VerifyToken, and local JWKS verification in order- and inventory-service) after the signature checked
 * out: `iss` and `aud` are commlab's, `exp` is an integer in the future, `scope` is a space-separated string
 * of known scopes, and `sub` is either a user id (a UUID, with an `email`) or — on a service token —
 * the client id, equal to `client_id`. Anything else is 401 TOKEN_INVALID naming the rule.
 */
export function checkAccessTokenClaims(payload: unknown, expected: ExpectedClaims): AccessTokenClaims {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw refused('the token payload is not a JSON object');
  }
  const claims = payload as Record<string, unknown>;
  if (claims.iss !== expected.issuer) throw refused('the "iss" claim is not commlab\'s issuer');
  if (!audienceMatches(claims.aud, expected.audience))
    throw refused('the "aud" claim is not commlab\'s audience');
  if (typeof claims.exp !== 'number' || !Number.isSafeInteger(claims.exp)) {
    throw refused('the "exp" claim must be an integer (seconds)');
  }
  if (claims.exp <= expected.nowSeconds) throw refused('the token has expired');
  const scopes = scopesOf(claims.scope);
  const { sub } = claims;
  if (typeof sub !== 'string') throw refused('the "sub" claim must be a string');

  if (claims.client_id !== undefined) {
    if (typeof claims.client_id !== 'string' || claims.client_id !== sub || !CLIENT_ID_PATTERN.test(sub)) {
      throw refused('a service token\'s "sub" and "client_id" must be the same client id');
    }
    onlyScopesOf(scopes, SERVICE_SCOPES, 'a service token');
    return { kind: 'service', sub, clientId: sub, scopes, expiresAtUnixSeconds: claims.exp };
  }
  if (!USER_ID_PATTERN.test(sub)) throw refused('the "sub" claim is not a user id (a UUID)');
  if (typeof claims.email !== 'string') throw refused('a user token\'s "email" claim must be a string');
  onlyScopesOf(scopes, USER_SCOPES, 'a user token');
  return { kind: 'user', sub, email: claims.email, scopes, expiresAtUnixSeconds: claims.exp };
}
