import { createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';

import { loadConfig } from '@commlab/config';
import { freePort } from '@commlab/testing';

import { authConfigSchema, type RunningAuthService, startAuthService } from '../src';
import { loadJose } from '../src/keys/load-jose';
import { AuthGrpcClient, postJson } from './support/auth-clients';
import { type StoreBackend, pgliteBackend, postgresBackend } from './support/backends';
import {
  decodePayload,
  forgeToken,
  keyFromJwk,
  newEd25519Key,
  validClaims,
  withPayload,
} from './support/forge-token';

jest.setTimeout(30_000);

const MAX_FAILURES = 3;
/**
 * Cheaper than the OWASP default (~40 ms instead of ~350 ms per hash) to keep the suite fast; the
 * default is exercised in signing-keys.int-spec.ts and password-hasher.spec.ts. Timing equality between
 * an unknown email and a wrong password holds for any cost: without the dummy hash it would be ~0 vs 40 ms.
 */
const TEST_SCRYPT = { N: 2 ** 14, r: 8, p: 1 };
const WINDOW_MS = 15 * 60 * 1000;

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
}
interface Principal {
  userId: string;
  email: string;
  expiresAtUnixSeconds: number;
  scopes: string[];
}
interface IssuedToken {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

describe.each<[string, () => StoreBackend]>([
  ['PGlite', pgliteBackend],
  ['PostgreSQL', postgresBackend],
])('auth-service on %s', (_name, makeBackend) => {
  const backend = makeBackend();
  const signing = newEd25519Key();
  const signingKey = keyFromJwk(signing.jwk);
  let kid = '';
  let clockOffsetMs = 0;
  let service: RunningAuthService;
  let grpc: AuthGrpcClient;
  const url = (path: string) => `${service.httpUrl}${path}`;

  const register = (email: string, password: string) =>
    postJson<{ userId: string; email: string } & ErrorBody>(url('/auth/register'), { email, password });
  const login = (email: string, password: string) =>
    postJson<IssuedToken & ErrorBody>(url('/auth/login'), { email, password });
  const verifyRest = (token: string) => postJson<Principal & ErrorBody>(url('/auth/verify'), { token });

  let dave: { userId: string; email: string };

  beforeAll(async () => {
    const store = await backend.prepare();
    const config = loadConfig(authConfigSchema, {
      COMMLAB_ENV: 'test',
      LOG_LEVEL: 'silent',
      AUTH_HTTP_PORT: '0',
      AUTH_GRPC_PORT: String(await freePort()),
      AUTH_SIGNING_KEY: JSON.stringify(signing.jwk),
      AUTH_LOGIN_MAX_FAILURES: String(MAX_FAILURES),
      AUTH_LOGIN_FAILURE_WINDOW_MS: String(WINDOW_MS),
      // Every login here comes from 127.0.0.1: the per-address limit is login-throttling.int-spec.ts's.
      AUTH_LOGIN_MAX_FAILURES_PER_ADDRESS: '1000',
      ...(store.DATABASE_URL === undefined ? {} : { DATABASE_URL: store.DATABASE_URL }),
    });
    service = await startAuthService(config, {
      inMemoryStore: true,
      scryptParams: TEST_SCRYPT,
      clock: () => Date.now() + clockOffsetMs,
      ...(store.databaseSchema === undefined ? {} : { databaseSchema: store.databaseSchema }),
    });
    grpc = new AuthGrpcClient(service.grpcUrl);
    const jose = await loadJose();
    kid = await jose.calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: signing.jwk.x });
    const registered = await register('dave@example.com', 'dave-password');
    expect(registered.status).toBe(201);
    dave = registered.body;
  });

  afterAll(async () => {
    grpc.close();
    await service.close();
    await backend.teardown();
  });

  it('answers /health with the store up', async () => {
    const response = await fetch(url('/health'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('register → login → verify over REST and gRPC gives the same principal', async () => {
    const registered = await register('  Erin@Example.COM ', 'erin-password');
    expect(registered.status).toBe(201);
    expect(registered.body).toEqual({ userId: expect.any(String) as unknown, email: 'erin@example.com' });

    const loggedIn = await login('erin@example.com', 'erin-password');
    expect(loggedIn.status).toBe(200);
    expect(loggedIn.body).toEqual({
      accessToken: expect.any(String) as unknown,
      tokenType: 'Bearer',
      expiresIn: 900,
    });
    const token = loggedIn.body.accessToken;

    const rest = await verifyRest(token);
    expect(rest.status).toBe(200);
    const nowSeconds = Math.floor(Date.now() / 1000);
    expect(rest.body).toEqual({
      userId: registered.body.userId,
      email: 'erin@example.com',
      expiresAtUnixSeconds: expect.any(Number) as unknown,
      scopes: ['orders:read', 'orders:write'],
    });
    expect(Math.abs(rest.body.expiresAtUnixSeconds - (nowSeconds + 900))).toBeLessThanOrEqual(5);

    const overGrpc = await grpc.verifyToken(token);
    expect(overGrpc.error).toBeNull();
    expect(overGrpc.response).toEqual(rest.body);
  });

  it('issues EdDSA JWTs with kid, iss, aud, sub, email, scope, iat and jti', async () => {
    const { body } = await login('dave@example.com', 'dave-password');
    const [headerPart] = body.accessToken.split('.');
    expect(JSON.parse(Buffer.from(headerPart!, 'base64url').toString('utf8'))).toEqual({
      alg: 'EdDSA',
      kid,
      typ: 'JWT',
    });
    const claims = decodePayload(body.accessToken);
    expect(claims).toEqual({
      iss: 'commlab-auth',
      aud: 'commlab',
      sub: dave.userId,
      email: 'dave@example.com',
      scope: 'orders:read orders:write',
      iat: expect.any(Number) as unknown,
      exp: (claims.iat as number) + 900,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
    });
  });

  it('serves the configured key alone as JWKS, and its tokens verify locally with jose', async () => {
    const response = await fetch(url('/.well-known/jwks.json'));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const jwks = (await response.json()) as { keys: Record<string, string>[] };
    expect(jwks).toEqual({
      keys: [{ kty: 'OKP', crv: 'Ed25519', x: signing.jwk.x, kid, alg: 'EdDSA', use: 'sig' }],
    });
    expect(JSON.stringify(jwks)).not.toContain(signing.jwk.d);

    const jose = await loadJose();
    const { body } = await login('dave@example.com', 'dave-password');
    const { payload, protectedHeader } = await jose.jwtVerify(
      body.accessToken,
      jose.createLocalJWKSet(jwks as never),
      { issuer: 'commlab-auth', audience: 'commlab', algorithms: ['EdDSA'] },
    );
    expect([payload.sub, protectedHeader.kid]).toEqual([dave.userId, kid]);
  });

  describe('refuses forged, tampered and stale tokens with 401 TOKEN_INVALID (REST) / UNAUTHENTICATED (gRPC)', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const header = () => ({ kid, typ: 'JWT' });
    const realKey = () => ({ alg: 'EdDSA' as const, key: signingKey });
    const publicKeyBytes = () => Buffer.from(signing.jwk.x, 'base64url');
    const publicKeyPem = () => createPublicKey(signingKey).export({ format: 'pem', type: 'spki' }).toString();

    const attacks: [string, () => Promise<string> | string][] = [
      ['alg: none', () => forgeToken(header(), validClaims(dave.userId, dave.email), { alg: 'none' })],
      [
        'HS256 signed with the public key bytes',
        () =>
          forgeToken(header(), validClaims(dave.userId, dave.email), {
            alg: 'HS256',
            secret: publicKeyBytes(),
          }),
      ],
      [
        'HS256 signed with the public key PEM',
        () =>
          forgeToken(header(), validClaims(dave.userId, dave.email), {
            alg: 'HS256',
            secret: publicKeyPem(),
          }),
      ],
      [
        'expired',
        () =>
          forgeToken(
            header(),
            { ...validClaims(dave.userId, dave.email, now() - 1000), exp: now() - 60 },
            realKey(),
          ),
      ],
      [
        'wrong audience',
        () =>
          forgeToken(header(), { ...validClaims(dave.userId, dave.email), aud: 'someone-else' }, realKey()),
      ],
      [
        'wrong issuer',
        () => forgeToken(header(), { ...validClaims(dave.userId, dave.email), iss: 'evil-auth' }, realKey()),
      ],
      [
        'unknown kid',
        () =>
          forgeToken({ ...header(), kid: 'unknown-kid' }, validClaims(dave.userId, dave.email), realKey()),
      ],
      ['no kid', () => forgeToken({ typ: 'JWT' }, validClaims(dave.userId, dave.email), realKey())],
      [
        'no exp',
        () => {
          const { exp: _exp, ...claims } = validClaims(dave.userId, dave.email);
          return forgeToken(header(), claims, realKey());
        },
      ],
      [
        'tampered payload (sub changed, signature kept)',
        async () => {
          const { body } = await login('dave@example.com', 'dave-password');
          return withPayload(body.accessToken, { ...decodePayload(body.accessToken), sub: randomUUID() });
        },
      ],
      [
        'signed by another Ed25519 key under the same kid',
        () =>
          forgeToken(header(), validClaims(dave.userId, dave.email), {
            alg: 'EdDSA',
            key: generateKeyPairSync('ed25519').privateKey,
          }),
      ],
      [
        'a user that does not exist',
        () => forgeToken(header(), validClaims(randomUUID(), 'x@example.com'), realKey()),
      ],
      // The shared claim rules (checkAccessTokenClaims), the same as local JWKS verification applies.
      [
        'sub a number',
        () => forgeToken(header(), { ...validClaims(dave.userId, dave.email), sub: 123 }, realKey()),
      ],
      [
        'an unknown scope',
        () => forgeToken(header(), { ...validClaims(dave.userId, dave.email), scope: 'admin' }, realKey()),
      ],
      [
        'scope not a string',
        () =>
          forgeToken(
            header(),
            { ...validClaims(dave.userId, dave.email), scope: ['orders:write'] },
            realKey(),
          ),
      ],
      [
        'a service token (client credentials) of the same issuer',
        () =>
          forgeToken(
            header(),
            {
              ...validClaims('order-service', ''),
              email: undefined,
              client_id: 'order-service',
              scope: 'stock:reserve',
            },
            realKey(),
          ),
      ],
      ['garbage', () => 'not-a-jwt'],
      ['three garbage segments', () => 'a.b.c'],
    ];

    it('accepts the control: a token forged with the real key and valid claims', async () => {
      const token = forgeToken(header(), validClaims(dave.userId, dave.email), realKey());
      expect((await verifyRest(token)).status).toBe(200);
      expect((await grpc.verifyToken(token)).error).toBeNull();
    });

    it.each(attacks)('%s', async (_attack, makeToken) => {
      const token = await makeToken();
      const rest = await verifyRest(token);
      expect([rest.status, rest.body.code]).toEqual([401, 'TOKEN_INVALID']);
      const overGrpc = await grpc.verifyToken(token);
      expect([overGrpc.error?.code, overGrpc.errorCode]).toEqual([
        GrpcStatus.UNAUTHENTICATED,
        'TOKEN_INVALID',
      ]);
    });

    it('answers 400 / INVALID_ARGUMENT for an empty token', async () => {
      const rest = await verifyRest('');
      expect([rest.status, rest.body.code]).toEqual([400, 'TOKEN_REQUIRED']);
      const overGrpc = await grpc.verifyToken('');
      expect([overGrpc.error?.code, overGrpc.errorCode]).toEqual([
        GrpcStatus.INVALID_ARGUMENT,
        'TOKEN_REQUIRED',
      ]);
    });
  });

  describe('login', () => {
    it('answers an unknown email and a wrong password with byte-identical 401 bodies', async () => {
      const unknown = await login('nobody@example.com', 'whatever-password');
      const wrong = await login('dave@example.com', 'not-daves-password');
      expect([unknown.status, wrong.status]).toEqual([401, 401]);
      expect(unknown.text).toBe(wrong.text);
      expect(JSON.parse(unknown.text)).toEqual({
        statusCode: 401,
        code: 'INVALID_CREDENTIALS',
        message: 'invalid email or password',
      });
      expect(await login('dave@example.com', 'dave-password')).toMatchObject({ status: 200 });
    });

    it('takes about as long for an unknown email as for a wrong password (coarse check)', async () => {
      const unknownMs: number[] = [];
      const wrongMs: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        let started = performance.now();
        expect((await login(`ghost-${i}@example.com`, 'whatever-password')).status).toBe(401);
        unknownMs.push(performance.now() - started);
        started = performance.now();
        expect((await login('dave@example.com', 'not-daves-password')).status).toBe(401);
        wrongMs.push(performance.now() - started);
        // A success forgets the failure, so dave never reaches the lockout here.
        expect((await login('dave@example.com', 'dave-password')).status).toBe(200);
      }
      const [unknown, wrong] = [median(unknownMs), median(wrongMs)];
      expect(unknown).toBeGreaterThan(0.5 * wrong);
      expect(wrong).toBeGreaterThan(0.5 * unknown);
    });

    it('locks an account after too many failures: 429 with Retry-After, even with the right password', async () => {
      expect((await register('frank@example.com', 'frank-password')).status).toBe(201);
      for (let i = 0; i < MAX_FAILURES; i += 1) {
        expect((await login('frank@example.com', 'wrong-password')).status).toBe(401);
      }
      const locked = await login('FRANK@example.com', 'frank-password');
      expect([locked.status, locked.body.code]).toEqual([429, 'TOO_MANY_LOGIN_ATTEMPTS']);
      const retryAfter = Number(locked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(WINDOW_MS / 1000 - 60);
      expect(retryAfter).toBeLessThanOrEqual(WINDOW_MS / 1000);
      // Other accounts are not affected.
      expect((await login('dave@example.com', 'dave-password')).status).toBe(200);

      clockOffsetMs = WINDOW_MS + 1000;
      try {
        expect((await login('frank@example.com', 'frank-password')).status).toBe(200);
      } finally {
        clockOffsetMs = 0;
      }
    });

    it('throttles unknown emails too', async () => {
      for (let i = 0; i < MAX_FAILURES; i += 1) {
        expect((await login('mallory@example.com', 'guess-password')).status).toBe(401);
      }
      const locked = await login('mallory@example.com', 'guess-password');
      expect(locked.status).toBe(429);
      expect(locked.headers.get('retry-after')).toMatch(/^\d+$/);
    });

    it('does not seed the demo users outside development', async () => {
      expect((await login('alice@example.com', 'alice-password')).status).toBe(401);
    });
  });

  describe('validation', () => {
    it('answers 409 EMAIL_TAKEN for an existing email, whatever its case', async () => {
      const taken = await register('DAVE@example.com', 'another-password');
      expect([taken.status, taken.body.code]).toEqual([409, 'EMAIL_TAKEN']);
    });

    it.each<[string, unknown]>([
      ['an unknown field', { email: 'gina@example.com', password: 'gina-password', admin: true }],
      ['a bad email', { email: 'not-an-email', password: 'gina-password' }],
      ['a short password', { email: 'gina@example.com', password: 'short' }],
      ['a password over 256 characters', { email: 'gina@example.com', password: 'p'.repeat(257) }],
      ['a missing password', { email: 'gina@example.com' }],
    ])('answers 400 VALIDATION_FAILED to register with %s', async (_case, body) => {
      const response = await postJson<ErrorBody>(url('/auth/register'), body);
      expect([response.status, response.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('answers 400 to login and verify with unknown fields', async () => {
      const loginResponse = await postJson<ErrorBody>(url('/auth/login'), {
        email: 'dave@example.com',
        password: 'dave-password',
        remember: true,
      });
      expect([loginResponse.status, loginResponse.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const verifyResponse = await postJson<ErrorBody>(url('/auth/verify'), { token: 'x', extra: 1 });
      expect([verifyResponse.status, verifyResponse.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('answers 413 to a body over 64 KiB', async () => {
      const response = await postJson<ErrorBody>(url('/auth/register'), {
        email: 'gina@example.com',
        password: 'x'.repeat(70 * 1024),
      });
      expect([response.status, response.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    });
  });
});
