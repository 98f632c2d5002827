import { JwksVerifier } from '@commlab/access-tokens';
import { loadConfig } from '@commlab/config';
import { freePort } from '@commlab/testing';

import { authConfigSchema, type RunningAuthService, startAuthService } from '../src';

jest.setTimeout(30_000);

/** The OAuth 2.0 client credentials grant (RFC 6749 §4.4) on a real auth-service, its tokens checked by JWKS. */
describe('POST /oauth/token (client credentials)', () => {
  const client = {
    id: 'test-client',
    secret: 'a-test-client-secret-long-enough',
    scopes: ['stock:adjust', 'stock:reserve'],
  };
  let service: RunningAuthService;
  let verifier: JwksVerifier;

  beforeAll(async () => {
    const config = loadConfig(authConfigSchema, {
      COMMLAB_ENV: 'test',
      LOG_LEVEL: 'silent',
      AUTH_HTTP_PORT: '0',
      AUTH_GRPC_PORT: String(await freePort()),
      AUTH_CLIENTS: JSON.stringify([client]),
    });
    service = await startAuthService(config, {
      inMemoryStore: true,
      scryptParams: { N: 2 ** 14, r: 8, p: 1 },
    });
    verifier = await JwksVerifier.create({
      authUrl: service.httpUrl,
      issuer: config.AUTH_JWT_ISSUER,
      audience: config.AUTH_JWT_AUDIENCE,
      timeoutMs: 2_000,
      cacheMs: 60_000,
    });
  });

  afterAll(async () => {
    await service.close();
  });

  const basic = (id: string, secret: string) =>
    `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

  async function token(form: Record<string, string>, authorization?: string) {
    const response = await fetch(`${service.httpUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(authorization === undefined ? {} : { authorization }),
      },
      body: new URLSearchParams(form).toString(),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  it('issues a short-lived token for every scope of a client authenticated with HTTP Basic', async () => {
    const answer = await token({ grant_type: 'client_credentials' }, basic(client.id, client.secret));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({
      access_token: expect.any(String) as unknown,
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'stock:adjust stock:reserve',
    });
    const claims = await verifier.verify(answer.body.access_token as string);
    expect(claims).toMatchObject({ sub: client.id, clientId: client.id, scopes: ['stock:adjust', 'stock:reserve'] });
    expect(claims.expiresAtUnixSeconds - Date.now() / 1000).toBeGreaterThan(250);
  });

  it('narrows the token to the scopes asked for; credentials may come in the body', async () => {
    const answer = await token({
      grant_type: 'client_credentials',
      scope: 'stock:adjust',
      client_id: client.id,
      client_secret: client.secret,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.scope).toBe('stock:adjust');
    expect((await verifier.verify(answer.body.access_token as string)).scopes).toEqual(['stock:adjust']);
  });

  it.each([
    ['a wrong secret', basic(client.id, `${client.secret}x`)],
    ['an unknown client', basic('nobody', client.secret)],
    ['no client authentication', undefined],
  ])('refuses %s: 401 invalid_client with WWW-Authenticate', async (_name, authorization) => {
    const answer = await token({ grant_type: 'client_credentials' }, authorization);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toContain('Basic');
    expect(answer.body).toMatchObject({ error: 'invalid_client', code: 'INVALID_CLIENT', statusCode: 401 });
  });

  it('answers RFC 6749 errors for a wrong grant, a scope not granted, duplicates and unknown fields', async () => {
    const auth = basic(client.id, client.secret);
    expect((await token({ grant_type: 'password' }, auth)).body).toMatchObject({
      error: 'unsupported_grant_type',
      statusCode: 400,
    });
    expect(
      (await token({ grant_type: 'client_credentials', scope: 'orders:write' }, auth)).body,
    ).toMatchObject({
      error: 'invalid_scope',
      code: 'INVALID_SCOPE',
    });
    const twice = await fetch(`${service.httpUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: auth },
      body: 'grant_type=client_credentials&grant_type=client_credentials',
    });
    expect(twice.status).toBe(400);
    expect(await twice.json()).toMatchObject({ error: 'invalid_request', code: 'VALIDATION_FAILED' });
    expect((await token({ grant_type: 'client_credentials', extra: '1' }, auth)).body).toMatchObject({
      error: 'invalid_request',
    });
    const both = await token(
      { grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret },
      auth,
    );
    expect(both.body).toMatchObject({ error: 'invalid_request', statusCode: 400 });
  });
});
