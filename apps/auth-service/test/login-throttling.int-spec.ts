import { loadConfig } from '@commlab/config';
import { freePort } from '@commlab/testing';

import { authConfigSchema, type RunningAuthService, startAuthService } from '../src';
import { AuthGrpcClient, postJson, postJsonFrom } from './support/auth-clients';

/**
 * Login throttling per client address and the bound on password hashing (docs/architecture.md, "Login
 * under load"). The client address is the socket's peer: each test speaks from its own 127.0.0.x (any
 * loopback address can be bound on Linux). Runs on PGlite in memory with the production scrypt cost, so
 * concurrent logins really do overlap.
 */
jest.setTimeout(60_000);

const MAX_PER_ADDRESS = 3;

describe('auth-service login throttling', () => {
  let service: RunningAuthService;
  let grpc: AuthGrpcClient;
  const loginUrl = () => `${service.httpUrl}/auth/login`;
  const loginFrom = (
    localAddress: string,
    email: string,
    password: string,
    headers?: Record<string, string>,
  ) =>
    postJsonFrom(
      loginUrl(),
      { email, password },
      { localAddress, ...(headers === undefined ? {} : { headers }) },
    );

  beforeAll(async () => {
    const config = loadConfig(authConfigSchema, {
      COMMLAB_ENV: 'test',
      LOG_LEVEL: 'silent',
      AUTH_HTTP_PORT: '0',
      AUTH_GRPC_PORT: String(await freePort()),
      AUTH_LOGIN_MAX_FAILURES_PER_ADDRESS: String(MAX_PER_ADDRESS),
      AUTH_HASH_CONCURRENCY: '1',
      AUTH_HASH_QUEUE_SIZE: '0',
    });
    service = await startAuthService(config, { inMemoryStore: true });
    grpc = new AuthGrpcClient(service.grpcUrl);
    const registered = await postJson(`${service.httpUrl}/auth/register`, {
      email: 'gina@example.com',
      password: 'gina-password',
    });
    expect(registered.status).toBe(201);
  });

  afterAll(async () => {
    grpc.close();
    await service.close();
  });

  it('refuses an address past its failed logins with 429 TOO_MANY_LOGINS_FROM_ADDRESS, whatever the account', async () => {
    for (let i = 0; i < MAX_PER_ADDRESS; i += 1) {
      const failed = await loginFrom('127.0.0.11', `stuffing-${i}@example.com`, 'guess-password');
      expect([failed.status, failed.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    }
    const refused = await loginFrom('127.0.0.11', 'gina@example.com', 'gina-password');
    expect([refused.status, refused.body.code]).toEqual([429, 'TOO_MANY_LOGINS_FROM_ADDRESS']);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    // Another address is not affected.
    expect((await loginFrom('127.0.0.12', 'gina@example.com', 'gina-password')).status).toBe(200);
  });

  it('ignores X-Forwarded-For unless proxies are trusted: rotating it does not dodge the limit', async () => {
    for (let i = 0; i < MAX_PER_ADDRESS; i += 1) {
      const failed = await loginFrom('127.0.0.13', `rotating-${i}@example.com`, 'guess-password', {
        'x-forwarded-for': `203.0.113.${i + 1}`,
      });
      expect(failed.status).toBe(401);
    }
    const refused = await loginFrom('127.0.0.13', 'rotating-x@example.com', 'guess-password', {
      'x-forwarded-for': '203.0.113.200',
    });
    expect(refused.body.code).toBe('TOO_MANY_LOGINS_FROM_ADDRESS');
  });

  it('does not count successful logins against the address', async () => {
    for (let i = 0; i < MAX_PER_ADDRESS + 2; i += 1) {
      expect((await loginFrom('127.0.0.14', 'gina@example.com', 'gina-password')).status).toBe(200);
    }
    expect((await loginFrom('127.0.0.14', 'nobody@example.com', 'guess-password')).status).toBe(401);
  });

  it('hashes one password at a time here (no queue): concurrent logins get 401, or 429 AUTH_BUSY, never a 500', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        loginFrom(`127.0.0.${20 + i}`, `burst-${i}@example.com`, 'guess-password'),
      ),
    );
    const seen = answers.map(({ status, body }) => `${status} ${String(body.code)}`);
    expect(seen.filter((line) => line !== '401 INVALID_CREDENTIALS' && line !== '429 AUTH_BUSY')).toEqual([]);
    expect(seen).toContain('401 INVALID_CREDENTIALS');
    expect(seen).toContain('429 AUTH_BUSY');
    for (const { status, retryAfter } of answers) {
      if (status === 429) expect(retryAfter).toBe('1');
    }
    // Verification takes no turn at the hashing gate: while logins hash, it is answered, never AUTH_BUSY.
    const verifying = grpc.verifyToken('not-a-token');
    const busy = Promise.all(
      Array.from({ length: 3 }, (_, i) =>
        loginFrom(`127.0.0.${30 + i}`, `more-${i}@example.com`, 'x-password'),
      ),
    );
    expect((await verifying).errorCode).toBe('TOKEN_INVALID');
    await busy;
  });
});
