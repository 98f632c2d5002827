import type { IssuedAccessToken } from './access-token-keeper';
import { httpRequest, jsonBody } from './http-request';

/** auth-service's `POST /auth/login` for one account (the seeded demo user), as a client does it. */
export async function login(
  authHttpUrl: string,
  email: string,
  password: string,
): Promise<IssuedAccessToken> {
  const answer = await httpRequest(new URL('/auth/login', authHttpUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  }).catch((error: unknown) => {
    throw new Error(`login ${email}: auth-service unreachable at ${authHttpUrl} (${String(error)})`, {
      cause: error,
    });
  });
  const body = jsonBody(answer) as Partial<IssuedAccessToken> | undefined;
  if (answer.status !== 200 || typeof body?.accessToken !== 'string' || typeof body.expiresIn !== 'number')
    throw new Error(
      `login ${email} at ${authHttpUrl}: HTTP ${answer.status} ${answer.body.toString('utf8')}`,
    );
  return { accessToken: body.accessToken, expiresIn: body.expiresIn };
}
