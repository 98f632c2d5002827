import { AppError } from '@commlab/errors';

/** Extracts the token from `Authorization: Bearer <token>`; anything else is 401 MISSING_TOKEN. */
export function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer[ ]+([A-Za-z0-9\-_.~+/]+=*)$/i.exec(authorization?.trim() ?? '');
  const token = match?.[1];
  if (token === undefined) {
    throw new AppError({
      code: 'MISSING_TOKEN',
      kind: 'unauthenticated',
      message:
        'send an access token: Authorization: Bearer <token> (POST /auth/login on auth-service issues one)',
    });
  }
  return token;
}
