import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Who is calling: what auth-service vouches for in a valid access token. */
export interface Principal {
  userId: string;
  email: string;
  expiresAtUnixSeconds: number;
  scopes: string[];
}

/** How order-service verifies a bearer token: a sync call over gRPC or REST, or locally with cached keys. */
export const AUTH_MODES = ['grpc', 'rest', 'jwks'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export interface TokenVerifier {
  readonly mode: AuthMode;
  /** Resolves with the principal; rejects with AppError TOKEN_INVALID (401) or AUTH_UNAVAILABLE (503). */
  verify(token: string): Promise<Principal>;
}

export const TOKEN_VERIFIERS = Symbol('TOKEN_VERIFIERS');

/**
 * The authenticated caller of a route guarded by AuthenticatedGuard: `@Principal() principal: Principal`.
 * A route without the guard has none, which is a programming error, not a client's.
 */
export const Principal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const { principal } = context.switchToHttp().getRequest<{ principal?: Principal }>();
  if (principal === undefined) throw new Error('@Principal() on a route without AuthenticatedGuard');
  return principal;
});
