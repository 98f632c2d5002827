import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { loadConfig } from '@commlab/config';
import type * as JoseModule from 'jose' with { 'resolution-mode': 'import' };
import { AppError } from '@commlab/errors';

import { JwksTokenVerifier } from '../src/auth/jwks-token-verifier';
import { orderConfigSchema } from '../src/config/order.config';

type Jose = typeof JoseModule;

/** A user id as auth issues them (a UUID). */
const ALICE_ID = '6f1c1f40-8a39-4a8e-9c55-5b0f3b2a9d11';

/** `?auth=jwks`: local verification against auth-service's published keys, served here by a real HTTP server. */
describe('JwksTokenVerifier', () => {
  let jose: Jose;
  let server: Server;
  let url: string;
  let privateKey: JoseModule.CryptoKey;
  let delayMs = 0;
  let jwksRequests = 0;

  beforeAll(async () => {
    jose = await import('jose');
    const pair = await jose.generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    privateKey = pair.privateKey;
    const jwk = { ...(await jose.exportJWK(pair.publicKey)), kid: 'key-1', alg: 'EdDSA', use: 'sig' };
    server = createServer((request, response) => {
      jwksRequests += 1;
      setTimeout(() => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ keys: [jwk] }));
      }, delayMs);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function verifier(authUrl = url, timeoutMs = 500): Promise<JwksTokenVerifier> {
    const config = loadConfig(orderConfigSchema, {
      AUTH_HTTP_URL: authUrl,
      DOWNSTREAM_TIMEOUT_MS: String(timeoutMs),
    });
    const instance = new JwksTokenVerifier(config);
    await instance.onModuleInit();
    return instance;
  }

  const sign = (
    claims: Record<string, unknown>,
    options: { issuer?: string; audience?: string; expires?: string; kid?: string } = {},
  ) =>
    new jose.SignJWT({
      email: 'alice@example.com',
      scope: 'orders:read orders:write',
      sub: ALICE_ID,
      ...claims,
    })
      .setProtectedHeader({ alg: 'EdDSA', kid: options.kid ?? 'key-1' })
      .setIssuer(options.issuer ?? 'commlab-auth')
      .setAudience(options.audience ?? 'commlab')
      .setIssuedAt()
      .setExpirationTime(options.expires ?? '15m')
      .sign(privateKey);

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as AppError,
    );

  it('verifies a valid token locally and caches the keys (one JWKS fetch for many tokens)', async () => {
    const instance = await verifier();
    const before = jwksRequests;
    for (let i = 0; i < 5; i++) {
      await expect(instance.verify(await sign({}))).resolves.toMatchObject({
        userId: ALICE_ID,
        email: 'alice@example.com',
        scopes: ['orders:read', 'orders:write'],
      });
    }
    expect(jwksRequests - before).toBe(1);
  });

  it.each([
    ['wrong issuer', { issuer: 'someone-else' }],
    ['wrong audience', { audience: 'other-app' }],
    ['expired', { expires: '-1m' }],
    ['unknown kid', { kid: 'key-2' }],
  ])('refuses a token with %s: 401 TOKEN_INVALID', async (_name, options) => {
    const instance = await verifier();
    expect(await failure(instance.verify(await sign({}, options)))).toMatchObject({
      code: 'TOKEN_INVALID',
      httpStatus: 401,
    });
  });

  it.each([
    ['sub a number', { sub: 123 }],
    ['sub not a user id', { sub: 'alice' }],
    ['an unknown scope', { scope: 'admin' }],
    ['scope not a string', { scope: ['orders:write'] }],
    [
      'a service token (client credentials)',
      { sub: 'order-service', client_id: 'order-service', scope: 'stock:reserve' },
    ],
  ])('applies the shared claim rules: refuses %s with 401 TOKEN_INVALID', async (_name, claims) => {
    const instance = await verifier();
    expect(await failure(instance.verify(await sign(claims)))).toMatchObject({
      code: 'TOKEN_INVALID',
      httpStatus: 401,
    });
  });

  it('refuses alg none and a tampered payload', async () => {
    const instance = await verifier();
    const unsigned = new jose.UnsecuredJWT({ sub: ALICE_ID })
      .setIssuer('commlab-auth')
      .setAudience('commlab')
      .setExpirationTime('5m')
      .encode();
    expect(await failure(instance.verify(unsigned))).toMatchObject({ code: 'TOKEN_INVALID' });
    const [header, payload, signature] = (await sign({})).split('.');
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload!, 'base64url').toString()),
        sub: '0b0b0b0b-0000-4000-8000-000000000b0b',
      }),
    ).toString('base64url');
    expect(await failure(instance.verify(`${header}.${forged}.${signature}`))).toMatchObject({
      code: 'TOKEN_INVALID',
    });
  });

  it('answers 503 AUTH_UNAVAILABLE when the key set cannot be fetched: nothing listening, or too slow', async () => {
    const down = await verifier('http://127.0.0.1:9');
    expect(await failure(down.verify(await sign({})))).toMatchObject({
      code: 'AUTH_UNAVAILABLE',
      httpStatus: 503,
    });

    delayMs = 1000;
    try {
      const slow = await verifier(url, 200);
      const started = Date.now();
      expect(await failure(slow.verify(await sign({})))).toMatchObject({ code: 'AUTH_UNAVAILABLE' });
      expect(Date.now() - started).toBeLessThan(900);
    } finally {
      delayMs = 0;
    }
  });
});
