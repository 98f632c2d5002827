import { login, type SyncStack, startSyncStack } from './support/sync-stack';

jest.setTimeout(30_000);

/**
 * order-service calls inventory with its own service token (client credentials). Credentials auth does
 * not accept → no token → every transport answers 503 INVENTORY_UNAVAILABLE at once, and nothing is
 * reserved; the same stack with the right credentials places the order (sync-order.e2e-spec covers each
 * transport in depth).
 */
describe("order-service's service token for inventory", () => {
  let stack: SyncStack;
  let alice: string;

  beforeAll(async () => {
    stack = await startSyncStack('pglite');
    alice = await login(stack.auth.httpUrl, 'alice@example.com', 'alice-password');
  }, 60_000);

  afterAll(async () => {
    await stack.stop();
  });

  const available = async () =>
    ((await (await fetch(`${stack.inventory.httpUrl}/stock/mug-red`)).json()) as { available: number })
      .available;

  const place = async (orderUrl: string, transport: string) => {
    const response = await fetch(`${orderUrl}/orders?transport=${transport}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${alice}` },
      body: JSON.stringify({ items: [{ sku: 'mug-red', quantity: 1 }] }),
    });
    return { status: response.status, body: (await response.json()) as { code?: string; message?: string } };
  };

  it.each(['grpc', 'rest', 'rmq', 'kafka'])(
    'credentials auth refuses → 503 INVENTORY_UNAVAILABLE over %s, nothing reserved',
    async (transport) => {
      const wrong = await stack.startOrder({ ORDER_CLIENT_SECRET: 'not-the-secret-auth-knows-for-order' });
      const before = await available();
      const answer = await place(wrong.httpUrl, transport);
      expect([answer.status, answer.body.code]).toEqual([503, 'INVENTORY_UNAVAILABLE']);
      expect(answer.body.message).toContain('service token');
      expect(await available()).toBe(before);
    },
  );

  it('the right credentials (the default DEV-ONLY client of development) place the order', async () => {
    const before = await available();
    expect((await place(stack.order.httpUrl, 'grpc')).status).toBe(201);
    expect(await available()).toBe(before - 1);
  });
});
