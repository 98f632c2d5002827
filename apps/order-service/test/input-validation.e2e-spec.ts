import { freePort } from '@commlab/testing';

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
