import { freePort } from '@commlab/testing';
import type { HostLookup } from '@commlab/webhooks';

import type { RunningOrderService } from '../src';

import { type Backend, login, type SyncStack, startSyncStack } from './support/sync-stack';

jest.setTimeout(60_000);

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: { fields?: { path: string; problem: string }[]; range?: string; address?: string };
}

const items = [{ sku: 'mug-red', quantity: 1 }];

/**
 * What POST /orders and GET /orders/{id} refuse at the edge, on real auth, inventory and order services
 * (COMMLAB_ENV=development: loopback callbacks are allowed, as in the tutorials): a NUL in callbackUrl
 * (was 500 INTERNAL, SQLSTATE 22021), credentials in callbackUrl (were stored and echoed), an
 * IPv4-compatible loopback callback host (was accepted as public), a NUL in the order id of the path.
 */
describe.each<Backend>(['pglite', 'postgres'])('order-service input validation on %s', (backend) => {
  let stack: SyncStack;
  let alice: string;

  beforeAll(async () => {
    stack = await startSyncStack(backend);
    alice = await login(stack.auth.httpUrl, 'alice@example.com', 'alice-password');
  }, 60_000);

  afterAll(async () => {
    await stack.stop();
  });

  async function place(body: unknown, async: boolean): Promise<{ status: number; body: ErrorBody }> {
    const response = await fetch(`${stack.order.httpUrl}/orders`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${alice}`,
        'content-type': 'application/json',
        ...(async ? { prefer: 'respond-async' } : {}),
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as ErrorBody };
  }

  async function orderCount(): Promise<number> {
    const response = await fetch(`${stack.order.httpUrl}/orders?limit=100`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    return ((await response.json()) as { orders: unknown[] }).orders.length;
  }

  it.each([
    ['sync', false],
    ['async', true],
  ])('%s: a NUL in callbackUrl is a 400 naming callbackUrl, and nothing is stored', async (_mode, async) => {
    const before = await orderCount();
    const port = await freePort();
    const result = await place({ items, callbackUrl: `http://127.0.0.1:${port}/hook\u0000x` }, async);
    expect(result.status).toBe(400);
    expect(result.body.code).toBe('VALIDATION_FAILED');
    expect(result.body.details?.fields).toEqual([
      {
        path: 'callbackUrl',
        problem: expect.stringContaining('must not contain control characters') as string,
      },
    ]);
    expect(await orderCount()).toBe(before);
  });

  it.each([
    ['sync', false],
    ['async', true],
  ])('%s: credentials in callbackUrl are a 400 that does not echo them', async (_mode, async) => {
    const before = await orderCount();
    const port = await freePort();
    const result = await place(
      { items, callbackUrl: `http://user:s3cret-pass@127.0.0.1:${port}/hook` },
      async,
    );
    expect(result.status).toBe(400);
    expect(result.body.details?.fields).toEqual([
      { path: 'callbackUrl', problem: expect.stringContaining('must not contain credentials') as string },
    ]);
    expect(JSON.stringify(result.body)).not.toContain('s3cret-pass');
    expect(await orderCount()).toBe(before);
  });

  it('async: an IPv4-compatible IPv6 loopback host ([::127.0.0.1]) is refused even where loopback is allowed', async () => {
    const port = await freePort();
    const result = await place({ items, callbackUrl: `http://[::127.0.0.1]:${port}/hook` }, true);
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({
      code: 'CALLBACK_URL_REFUSED',
      details: { address: '::7f00:1', range: 'ipv4Compatible(loopback)' },
    });
    // The plain loopback address stays allowed in development (the tutorials' webhook listener).
    const plain = await place({ items, callbackUrl: `http://127.0.0.1:${port}/hook` }, true);
    expect(plain.status).toBe(202);
  });

  /** The SSRF guard's resolver, faked: these names exist only here (tests never resolve a name). */
  const fakeDns: HostLookup = (hostname) => {
    const answers: Record<string, string[]> = {
      'loopback.commlab.test': ['127.0.0.1'],
      'compat.commlab.test': ['::7f00:1'],
      'mixed.commlab.test': ['93.184.216.34', '64:ff9b::a9fe:a9fe'],
      'teredo.commlab.test': ['2001:0:7f00:1:8000:63bf:a247:2ddd'],
    };
    const found = answers[hostname];
    if (found === undefined) return Promise.reject(Object.assign(new Error(hostname), { code: 'ENOTFOUND' }));
    return Promise.resolve(found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };

  it('async: a host name is judged by every address the (injected) resolver gives, embedded IPv4 included', async () => {
    const store = await stack.persistentOrderStore();
    const order: RunningOrderService = await stack.startOrder(
      {},
      {
        ...store,
        options: { ...store.options, callbackLookup: fakeDns },
      },
    );
    const port = await freePort();
    const placeVia = async (host: string) => {
      const response = await fetch(`${order.httpUrl}/orders`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${alice}`,
          'content-type': 'application/json',
          prefer: 'respond-async',
        },
        body: JSON.stringify({ items, callbackUrl: `http://${host}:${port}/hook` }),
      });
      return { status: response.status, body: (await response.json()) as ErrorBody };
    };
    expect((await placeVia('loopback.commlab.test')).status).toBe(202);
    for (const [host, address, range] of [
      ['compat.commlab.test', '::7f00:1', 'ipv4Compatible(loopback)'],
      ['mixed.commlab.test', '64:ff9b::a9fe:a9fe', 'nat64(linkLocal)'],
      ['teredo.commlab.test', '2001:0:7f00:1:8000:63bf:a247:2ddd', 'teredo(loopback)'],
    ] as const) {
      expect(await placeVia(host)).toMatchObject({
        status: 400,
        body: { code: 'CALLBACK_URL_REFUSED', details: { address, range } },
      });
    }
    expect(await placeVia('nowhere.commlab.test')).toMatchObject({
      status: 503,
      body: { code: 'CALLBACK_HOST_UNRESOLVED' },
    });
  });

  it('GET /orders/a%00b is a 400 naming the order id, not a 500', async () => {
    const response = await fetch(`${stack.order.httpUrl}/orders/a%00b`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    expect(response.status).toBe(400);
    expect((await response.json()) as ErrorBody).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(
        /^invalid order id: \(root\): must not contain control characters/,
      ) as string,
    });
  });
});
