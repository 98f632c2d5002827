import { AppError, type ErrorKind } from '@commlab/errors';

/**
 * Maps a failed verification to what the order API answers: the token's fault → 401 TOKEN_INVALID;
 * auth-service down, slow or broken → 503 AUTH_UNAVAILABLE (never a 500, never a hang).
 */
export function authFailure(kind: ErrorKind, message: string, cause: unknown): AppError {
  if (kind === 'unauthenticated' || kind === 'invalid_argument') {
    return new AppError({
      code: 'TOKEN_INVALID',
      kind: 'unauthenticated',
      message: `invalid access token: ${message}`,
      cause,
    });
  }
  return new AppError({
    code: 'AUTH_UNAVAILABLE',
    kind: 'unavailable',
    message: `auth-service is unavailable: ${message}`,
    cause,
  });
}
