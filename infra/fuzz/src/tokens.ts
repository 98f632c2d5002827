/**
 * How the fuzzer obtains credentials — the one place to adapt when an edge starts asking for more (a
 * service token with scopes from auth-service's client-credentials grant, order scopes, …).
 *
 * Every target picks one of `CREDENTIAL_KINDS` per generated request, so each edge is fuzzed both with a
 * credential that passes its authentication (reaching the code behind it) and with a missing or forged one.
 */
export const CREDENTIAL_KINDS = ['user', 'service', 'none', 'forged'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

export interface FuzzCredentials {
  /** An `Authorization` value for the kind, or undefined to send none. */
  authorization(kind: CredentialKind): string | undefined;
}

const FORGED = 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyLWFsaWNlIiwic2NvcGUiOiIqIn0.';

async function postForm(url: string, body: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${url} answered ${String(response.status)}: ${JSON.stringify(json)}`);
  return json;
}

/**
 * A demo user's access token (COMMLAB_ENV=development seeds alice). `service` is a client-credentials
 * token when `FUZZ_CLIENT_ID`/`FUZZ_CLIENT_SECRET` name a registered client, else the user token (until
 * the services require service identity, any valid token reaches the same code).
 */
export async function obtainCredentials(
  authHttpUrl: string,
  client: { id?: string; secret?: string } = {},
): Promise<FuzzCredentials> {
  const login = await postForm(`${authHttpUrl}/auth/login`, {
    email: 'alice@example.com',
    password: 'alice-password',
  });
  const user = `Bearer ${String(login.accessToken)}`;
  let service = user;
  if (client.id !== undefined && client.secret !== undefined) {
    const token = await postForm(`${authHttpUrl}/oauth/token`, {
      grant_type: 'client_credentials',
      client_id: client.id,
      client_secret: client.secret,
    });
    service = `Bearer ${String(token.access_token)}`;
  }
  return {
    authorization: (kind) =>
      kind === 'user' ? user : kind === 'service' ? service : kind === 'forged' ? FORGED : undefined,
  };
}
