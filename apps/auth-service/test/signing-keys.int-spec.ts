import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadConfig } from '@commlab/config';
import { freePort } from '@commlab/testing';

import { authConfigSchema, type RunningAuthService, startAuthService } from '../src';
import { AuthGrpcClient, postJson } from './support/auth-clients';
import { type StoreBackend, pgliteBackend, postgresBackend } from './support/backends';

jest.setTimeout(30_000);

interface Jwks {
  keys: { kid: string; x: string }[];
}

/**
 * Generated signing keys live in the store: a restart on the same store signs with the same key, and a
 * token issued before the restart still verifies. Runs in development mode, so the demo users are seeded
 * (idempotently) and hashed with the real OWASP scrypt parameters.
 */
describe.each<[string, () => StoreBackend]>([
  ['PGlite on a data dir', pgliteBackend],
  ['PostgreSQL', postgresBackend],
])('signing keys on %s', (_name, makeBackend) => {
  const backend = makeBackend();
  let dataDir = '';
  const running: RunningAuthService[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'auth-service-keys-'));
  });

  afterAll(async () => {
    for (const service of running) await service.close();
    await backend.teardown();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<RunningAuthService> {
    const store = await backend.prepare();
    const config = loadConfig(authConfigSchema, {
      COMMLAB_ENV: 'development',
      LOG_LEVEL: 'silent',
      AUTH_HTTP_PORT: '0',
      AUTH_GRPC_PORT: String(await freePort()),
      AUTH_DATA_DIR: join(dataDir, 'auth-service'),
      ...(store.DATABASE_URL === undefined ? {} : { DATABASE_URL: store.DATABASE_URL }),
    });
    const service = await startAuthService(config, {
      ...(store.databaseSchema === undefined ? {} : { databaseSchema: store.databaseSchema }),
    });
    running.push(service);
    return service;
  }

  async function stop(service: RunningAuthService): Promise<void> {
    running.splice(running.indexOf(service), 1);
    await service.close();
  }

  const jwksOf = async (service: RunningAuthService) =>
    (await (await fetch(`${service.httpUrl}/.well-known/jwks.json`)).json()) as Jwks;

  it('keeps the generated key across a restart: tokens issued before still verify', async () => {
    const first = await start();
    const login = await postJson<{ accessToken: string }>(`${first.httpUrl}/auth/login`, {
      email: 'alice@example.com',
      password: 'alice-password',
    });
    expect(login.status).toBe(200);
    const token = login.body.accessToken;
    const before = await jwksOf(first);
    expect(before.keys).toHaveLength(1);
    await stop(first);

    const second = await start();
    expect(await jwksOf(second)).toEqual(before);
    const verified = await postJson<{ email: string }>(`${second.httpUrl}/auth/verify`, { token });
    expect([verified.status, verified.body.email]).toEqual([200, 'alice@example.com']);
    const grpc = new AuthGrpcClient(second.grpcUrl);
    try {
      const overGrpc = await grpc.verifyToken(token);
      expect(overGrpc.error).toBeNull();
      expect(overGrpc.response?.email).toBe('alice@example.com');
    } finally {
      grpc.close();
    }
    // Seeding is idempotent: bob is there once, with his password.
    const bob = await postJson(`${second.httpUrl}/auth/login`, {
      email: 'bob@example.com',
      password: 'bob-password',
    });
    expect(bob.status).toBe(200);
  });
});
