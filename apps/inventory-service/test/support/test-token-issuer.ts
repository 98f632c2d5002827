import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for auth-service's keys in inventory's own tests: one Ed25519 key, its JWKS served on a free
 * port (`AUTH_HTTP_URL`), and tokens signed with it exactly as auth-service signs them (client credentials
 * for services, login for users). The e2e tests with a real auth-service are in order-service's test/.
 */
export interface TestTokenIssuer {
  /** AUTH_HTTP_URL for inventory. */
  authUrl: string;
  /**
   * A service token, as auth's client credentials grant issues it (default: order-service, stock:reserve,
   * expiring in 300 s; a negative `expiresInSeconds` gives one that expired that long ago).
   */
  serviceToken(options?: { clientId?: string; scope?: string; expiresInSeconds?: number }): string;
  /** A user's token, as auth's login issues it (orders:read orders:write). */
  userToken(): string;
  close(): Promise<void>;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export async function startTestTokenIssuer(): Promise<TestTokenIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const kid = `test-${randomUUID()}`;
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' };
  const server: Server = createServer((request, response) => {
    if (request.url !== '/.well-known/jwks.json') {
      response.statusCode = 404;
      response.end();
      return;
    }
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const authUrl = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;

  const signToken = (claims: Record<string, unknown>, ttlSeconds: number) => {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      ...claims,
      iss: 'commlab-auth',
      aud: 'commlab',
      // An already-expired token was issued (300 s lifetime) before it expired.
      iat: Math.min(now, now + ttlSeconds - 300),
      exp: now + ttlSeconds,
      jti: randomUUID(),
    };
    const input = `${b64url({ alg: 'EdDSA', kid, typ: 'JWT' })}.${b64url(payload)}`;
    return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
  };

  return {
    authUrl,
    serviceToken: ({ clientId = 'order-service', scope = 'stock:reserve', expiresInSeconds = 300 } = {}) =>
      signToken({ sub: clientId, client_id: clientId, scope }, expiresInSeconds),
    userToken: () =>
      signToken({ sub: randomUUID(), email: 'alice@example.com', scope: 'orders:read orders:write' }, 900),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** One TestTokenIssuer for a test file: started in beforeAll, closed in afterAll (call at the top level). */
export function useTestTokenIssuer(): TestTokenIssuer {
  let issuer: TestTokenIssuer | undefined;
  beforeAll(async () => {
    issuer = await startTestTokenIssuer();
  });
  afterAll(async () => {
    await issuer?.close();
  });
  const started = () => {
    if (issuer === undefined) throw new Error('useTestTokenIssuer(): used before its beforeAll ran');
    return issuer;
  };
  return {
    get authUrl() {
      return started().authUrl;
    },
    serviceToken: (options) => started().serviceToken(options),
    userToken: () => started().userToken(),
    close: () => started().close(),
  };
}
