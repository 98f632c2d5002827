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

/**
 * The service client the fuzz stack's auth-service is configured with (AUTH_CLIENTS), holding every
 * scope a service edge checks. Add a scope here when an edge starts requiring one.
 */
export const FUZZ_SERVICE_CLIENT = {
  id: 'commlab-fuzz',
  secret: 'fuzz-only-commlab-fuzz-client-secret',
  scopes: ['stock:adjust', 'stock:reserve'],
} as const;

const FORGED = 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyLWFsaWNlIiwic2NvcGUiOiIqIn0.';

async function postJson(url: string, body: Record<string, string>): Promise<Record<string, unknown>> {
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
 * A demo user's access token (COMMLAB_ENV=development seeds alice) and a service token of
 * FUZZ_SERVICE_CLIENT from the client-credentials grant.
 */
export async function obtainCredentials(authHttpUrl: string): Promise<FuzzCredentials> {
  const login = await postJson(`${authHttpUrl}/auth/login`, {
    email: 'alice@example.com',
    password: 'alice-password',
  });
  const token = await postJson(`${authHttpUrl}/oauth/token`, {
    grant_type: 'client_credentials',
    client_id: FUZZ_SERVICE_CLIENT.id,
    client_secret: FUZZ_SERVICE_CLIENT.secret,
  });
  const user = `Bearer ${String(login.accessToken)}`;
  const service = `Bearer ${String(token.access_token)}`;
  return {
    authorization: (kind) =>
      kind === 'user' ? user : kind === 'service' ? service : kind === 'forged' ? FORGED : undefined,
  };
}
