import { generateKeyPairSync } from 'node:crypto';

import { ConfigError, loadConfig } from '@commlab/config';

import { authConfigSchema, shouldSeedDemoData } from './auth.config';

function privateJwk() {
  const { x, d } = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  return { kty: 'OKP', crv: 'Ed25519', x, d };
}

describe('auth config', () => {
  it('has the documented defaults', () => {
    const config = loadConfig(authConfigSchema, {});
    expect(config).toMatchObject({
      AUTH_HTTP_PORT: 3001,
      AUTH_GRPC_PORT: 50051,
      BIND_HOST: '127.0.0.1',
      AUTH_DATA_DIR: '.data/auth-service',
      AUTH_JWT_ISSUER: 'commlab-auth',
      AUTH_JWT_AUDIENCE: 'commlab',
      AUTH_LOGIN_MAX_FAILURES: 5,
      AUTH_LOGIN_FAILURE_WINDOW_MS: 900_000,
      AUTH_LOGIN_MAX_FAILURES_PER_ADDRESS: 20,
      AUTH_LOGIN_ADDRESS_WINDOW_MS: 60_000,
      AUTH_TRUSTED_PROXY_HOPS: 0,
      AUTH_HASH_CONCURRENCY: 2,
      AUTH_HASH_QUEUE_SIZE: 8,
      AUTH_HASH_QUEUE_TIMEOUT_MS: 1000,
    });
    expect(config.AUTH_SIGNING_KEY).toBeUndefined();
  });

  it('reads AUTH_SIGNING_KEY as a private Ed25519 JWK', () => {
    const jwk = privateJwk();
    const config = loadConfig(authConfigSchema, { AUTH_SIGNING_KEY: JSON.stringify({ ...jwk, kid: 'k1' }) });
    expect(config.AUTH_SIGNING_KEY).toMatchObject(jwk);
  });

  it.each([
    ['not JSON', '{kty'],
    ['a public key', JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: privateJwk().x })],
    ['another curve', JSON.stringify({ ...privateJwk(), crv: 'X25519' })],
  ])('refuses an AUTH_SIGNING_KEY that is %s, without echoing it', (_case, value) => {
    let caught: unknown;
    try {
      loadConfig(authConfigSchema, { AUTH_SIGNING_KEY: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toContain('AUTH_SIGNING_KEY');
    expect((caught as Error).message).not.toContain(value);
  });

  it('keeps AUTH_HASH_CONCURRENCY below UV_THREADPOOL_SIZE, so token verification keeps a thread', () => {
    const hashing = (env: Record<string, string>) => loadConfig(authConfigSchema, env).AUTH_HASH_CONCURRENCY;
    expect(hashing({ AUTH_HASH_CONCURRENCY: '3' })).toBe(3);
    expect(hashing({ AUTH_HASH_CONCURRENCY: '6', UV_THREADPOOL_SIZE: '8' })).toBe(6);
    expect(() => hashing({ AUTH_HASH_CONCURRENCY: '4' })).toThrow(
      /AUTH_HASH_CONCURRENCY: expected a positive integer \(hashes\), below UV_THREADPOOL_SIZE/,
    );
    expect(() => hashing({ AUTH_HASH_QUEUE_SIZE: '-1' })).toThrow(
      /AUTH_HASH_QUEUE_SIZE: expected an integer from 0 up/,
    );
    expect(loadConfig(authConfigSchema, { AUTH_HASH_QUEUE_SIZE: '0' }).AUTH_HASH_QUEUE_SIZE).toBe(0);
  });

  it('seeds demo data in development unless SEED_DEMO_DATA says otherwise', () => {
    const seed = (env: Record<string, string>) => shouldSeedDemoData(loadConfig(authConfigSchema, env));
    expect(seed({})).toBe(true);
    expect(seed({ COMMLAB_ENV: 'test' })).toBe(false);
    expect(seed({ COMMLAB_ENV: 'production' })).toBe(false);
    expect(seed({ COMMLAB_ENV: 'development', SEED_DEMO_DATA: 'false' })).toBe(false);
    expect(seed({ COMMLAB_ENV: 'test', SEED_DEMO_DATA: 'yes' })).toBe(true);
  });
});
