import { login, type SyncStack, startSyncStack } from './support/sync-stack';

jest.setTimeout(60_000);

interface OrderList {
  orders: { id: string; createdAt: string; userId: string }[];
  nextCursor: string | null;
}

/**
 * GET /orders a page at a time (?limit=&cursor=, nextCursor): every order exactly once, newest first,
 * even when orders are placed between two pages; a cursor that is not one is a 400 naming `cursor`. Real
 * auth, inventory and order services on PGlite and PostgreSQL.
 */
describe.each(['pglite', 'postgres'] as const)('GET /orders pages on %s', (backend) => {
  let stack: SyncStack;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    stack = await startSyncStack(backend);
    alice = await login(stack.auth.httpUrl, 'alice@example.com', 'alice-password');
    bob = await login(stack.auth.httpUrl, 'bob@example.com', 'bob-password');
  }, 60_000);

  afterAll(async () => {
    await stack.stop();
  });

  async function placeOrder(token: string): Promise<string> {
    const response = await fetch(`${stack.order.httpUrl}/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ sku: 'mug-red', quantity: 1 }] }),
    });
    if (response.status !== 201) throw new Error(`POST /orders answered ${String(response.status)}`);
    return ((await response.json()) as { id: string }).id;
  }

  async function list(token: string, query: string): Promise<{ status: number; body: OrderList }> {
    const response = await fetch(`${stack.order.httpUrl}/orders${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: (await response.json()) as OrderList };
  }

  it('walks every order once, newest first, with orders placed between pages not shifting them', async () => {
    const placed: string[] = [];
    for (let n = 0; n < 7; n += 1) placed.push(await placeOrder(alice));
    await placeOrder(bob); // another user's order never shows

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? '?limit=3' : `?limit=3&cursor=${cursor}`;
      const { status, body } = await list(alice, query);
      expect(status).toBe(200);
      expect(body.orders.length).toBeLessThanOrEqual(3);
      seen.push(...body.orders.map((order) => order.id));
      cursor = body.nextCursor;
      pages += 1;
      // A new order placed mid-walk is newer than the first page: it never appears in a later one.
      if (pages === 1) await placeOrder(alice);
    } while (cursor !== null && pages < 10);

    expect(pages).toBe(3);
    expect(seen).toEqual([...placed].reverse());
  });

  it('keeps the first page as it was: { orders, nextCursor } with limit defaulting to 20', async () => {
    const { status, body } = await list(alice, '');
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['nextCursor', 'orders']);
    expect(body.orders).toHaveLength(8);
    expect(body.nextCursor).toBeNull();
  });

  it('answers 400 naming cursor for an edited or foreign cursor', async () => {
    const { body: first } = await list(alice, '?limit=1');
    const cursor = first.nextCursor ?? '';
    for (const bad of [
      `${cursor.slice(0, 5)}${cursor[5] === 'A' ? 'B' : 'A'}${cursor.slice(6)}`,
      'bm90LWEtY3Vyc29y',
      Buffer.from('["notifications-recent","2026-12-06T00:00:00.000000Z","x"]').toString('base64url'),
    ]) {
      const response = await fetch(`${stack.order.httpUrl}/orders?cursor=${bad}`, {
        headers: { authorization: `Bearer ${alice}` },
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: [{ path: 'cursor' }] },
      });
    }
  });
});
