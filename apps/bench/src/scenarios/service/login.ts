import { devClientCredentials } from '@commlab/access-tokens';
import { env, loadConfig } from '@commlab/config';
import { z } from 'zod';

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

/**
 * The bench's own service token: auth-service's client credentials grant (`POST /oauth/token`) for the
 * client in COMMLAB_CLIENT_ID / COMMLAB_CLIENT_SECRET, by default the DEV-ONLY `commlab-bench` of
 * development (`pnpm start`, `--target local`). The inventory scenarios call ReserveStock with it, as
 * order-service does with its own.
 */
export async function clientCredentials(authHttpUrl: string, scope: string): Promise<IssuedAccessToken> {
  const dev = devClientCredentials('commlab-bench');
  const { COMMLAB_CLIENT_ID, COMMLAB_CLIENT_SECRET } = loadConfig(
    z.object({ COMMLAB_CLIENT_ID: env.text(dev.id), COMMLAB_CLIENT_SECRET: env.text(dev.secret) }),
  );
  const basic = Buffer.from(
    `${encodeURIComponent(COMMLAB_CLIENT_ID)}:${encodeURIComponent(COMMLAB_CLIENT_SECRET)}`,
  );
  const answer = await httpRequest(new URL('/oauth/token', authHttpUrl), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${basic.toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
  }).catch((error: unknown) => {
    throw new Error(
      `service token for ${COMMLAB_CLIENT_ID}: auth-service unreachable at ${authHttpUrl} (${String(error)})`,
      {
        cause: error,
      },
    );
  });
  const body = jsonBody(answer) as { access_token?: unknown; expires_in?: unknown } | undefined;
  if (answer.status !== 200 || typeof body?.access_token !== 'string' || typeof body.expires_in !== 'number')
    throw new Error(
      `service token for ${COMMLAB_CLIENT_ID} at ${authHttpUrl}: HTTP ${answer.status} ${answer.body.toString('utf8')} ` +
        '(set COMMLAB_CLIENT_ID / COMMLAB_CLIENT_SECRET to a client of AUTH_CLIENTS with scope stock:reserve)',
    );
  return { accessToken: body.access_token, expiresIn: body.expires_in };
}
