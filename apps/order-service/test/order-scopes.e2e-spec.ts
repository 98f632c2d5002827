import { randomUUID } from 'node:crypto';

import {
  decodePayload,
  forgeToken,
  newEd25519Key,
  validClaims,
} from '../../auth-service/test/support/forge-token';
import { login, type SyncStack, startSyncStack } from './support/sync-stack';

jest.setTimeout(30_000);

const cart = { items: [{ sku: 'mug-red', quantity: 1 }] };

/**
 * Scopes and claim rules on the order API, the same in every auth mode (`?auth=grpc|rest|jwks`): real
 * auth, inventory and order servers; tokens signed with auth's own key (AUTH_SIGNING_KEY) so they differ
 * from what login issues only in the claims under test.
 */
describe('order API scopes and claim rules in every auth mode', () => {
  const signing = newEd25519Key();
  let stack: SyncStack;
  let alice: { id: string; email: string };

  beforeAll(async () => {
    stack = await startSyncStack('pglite', {
      auth: { AUTH_SIGNING_KEY: JSON.stringify(signing.jwk) },
    });
    const token = await login(stack.auth.httpUrl, 'alice@example.com', 'alice-password');
    const claims = decodePayload(token);
    alice = { id: String(claims.sub), email: String(claims.email) };
  }, 60_000);

  afterAll(async () => {
    await stack.stop();
  });

  const kid = async () => {
    const { keys } = (await (await fetch(`${stack.auth.httpUrl}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string }[];
    };
    return keys[0]!.kid;
  };

  const token = async (overrides: Record<string, unknown>) =>
    forgeToken(
      { typ: 'JWT', kid: await kid() },
      { ...validClaims(alice.id, alice.email), ...overrides },
      { alg: 'EdDSA', key: signing.key },
    );

  const call = async (method: 'POST' | 'GET', auth: string, bearer: string) => {
    const response = await fetch(`${stack.order.httpUrl}/orders?auth=${auth}`, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
      },
      ...(method === 'POST' ? { body: JSON.stringify(cart) } : {}),
    });
    const body = (await response.json()) as { code?: string };
    return [response.status, body.code];
  };

  describe.each(['grpc', 'rest', 'jwks'])('?auth=%s', (auth) => {
    it.each([
      ['orders:read orders:write', [201, undefined], [200, undefined]],
      ['orders:write', [201, undefined], [403, 'INSUFFICIENT_SCOPE']],
      ['orders:read', [403, 'INSUFFICIENT_SCOPE'], [200, undefined]],
      ['', [403, 'INSUFFICIENT_SCOPE'], [403, 'INSUFFICIENT_SCOPE']],
      ['admin', [401, 'TOKEN_INVALID'], [401, 'TOKEN_INVALID']],
      ['stock:reserve', [401, 'TOKEN_INVALID'], [401, 'TOKEN_INVALID']],
    ])('scope %p: place → %p, list → %p', async (scope, place, list) => {
      const bearer = await token({ scope });
      expect(await call('POST', auth, bearer)).toEqual(place);
      expect(await call('GET', auth, bearer)).toEqual(list);
    });

    it('GET /orders/{id} needs orders:read too', async () => {
      const readOnly = await token({ scope: 'orders:read' });
      const writeOnly = await token({ scope: 'orders:write' });
      const response = await fetch(`${stack.order.httpUrl}/orders/${randomUUID()}?auth=${auth}`, {
        headers: { authorization: `Bearer ${writeOnly}` },
      });
      expect([response.status, ((await response.json()) as { code: string }).code]).toEqual([
        403,
        'INSUFFICIENT_SCOPE',
      ]);
      const allowed = await fetch(`${stack.order.httpUrl}/orders/${randomUUID()}?auth=${auth}`, {
        headers: { authorization: `Bearer ${readOnly}` },
      });
      expect(allowed.status).toBe(404);
    });

    it.each([
      ['sub a number', { sub: 123 }],
      ['sub not a user id', { sub: 'alice' }],
      ['scope a list', { scope: ['orders:write'] }],
      ['a service token', { sub: 'order-service', client_id: 'order-service', scope: 'stock:reserve' }],
    ])('refuses %s with 401 TOKEN_INVALID, placing nothing', async (_case, overrides) => {
      expect(await call('POST', auth, await token(overrides))).toEqual([401, 'TOKEN_INVALID']);
    });
  });

  it('a user that does not exist: refused by auth (grpc, rest); local JWKS verification cannot know', async () => {
    const ghost = await token({ sub: randomUUID() });
    expect(await call('POST', 'grpc', ghost)).toEqual([401, 'TOKEN_INVALID']);
    expect(await call('POST', 'rest', ghost)).toEqual([401, 'TOKEN_INVALID']);
    // The documented trade-off of ?auth=jwks (docs/architecture.md): valid until the token expires.
    expect((await call('POST', 'jwks', ghost))[0]).toBe(201);
  });
});
