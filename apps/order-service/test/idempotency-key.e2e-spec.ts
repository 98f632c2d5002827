import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { freePort } from '@commlab/testing';

import type { RunningOrderService } from '../src';
import { login, type SyncStack, startSyncStack } from './support/sync-stack';

interface OrderBody {
  id: string;
  userId: string;
  status: string;
  mode: string;
}

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

const cart = { items: [{ sku: 'mug-red', quantity: 1 }] };

/**
 * Idempotency-Key on POST /orders end to end (real auth, inventory and order servers, both stores): a
 * retry replays the first answer and places no second order, even when the duplicates are concurrent.
 */
jest.setTimeout(60_000);

describe.each(['pglite', 'postgres'] as const)('POST /orders with Idempotency-Key (%s stores)', (backend) => {
  let stack: SyncStack;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    stack = await startSyncStack(backend);
    [alice, bob] = await Promise.all([
      login(stack.auth.httpUrl, 'alice@example.com', 'alice-password'),
      login(stack.auth.httpUrl, 'bob@example.com', 'bob-password'),
    ]);
  }, 60_000);

  afterAll(async () => {
    await stack.stop();
  });

  async function post(
    token: string,
    key: string | undefined,
    options: { body?: unknown; query?: string; async?: boolean; orderUrl?: string } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
    };
    if (key !== undefined) headers['idempotency-key'] = key;
    if (options.async === true) headers.prefer = 'respond-async';
    const response = await fetch(`${options.orderUrl ?? stack.order.httpUrl}/orders${options.query ?? ''}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(options.body ?? cart),
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  }

  async function orderIds(token: string, orderUrl = stack.order.httpUrl): Promise<string[]> {
    const response = await fetch(`${orderUrl}/orders?limit=100`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { orders: OrderBody[] }).orders.map((order) => order.id);
  }

  it('replays the 201 of a sync order: same body, Idempotent-Replayed, no second order', async () => {
    const key = randomUUID();
    const before = await orderIds(alice);
    const first = await post(alice, key, { query: '?transport=rest' });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await post(alice, key, { query: '?transport=rest' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    // ?auth= chooses how the token is verified, not what is ordered: still the same request.
    const viaJwks = await post(alice, key, { query: '?transport=rest&auth=jwks' });
    expect([viaJwks.status, viaJwks.body]).toEqual([201, first.body]);
    const after = await orderIds(alice);
    expect(after.filter((id) => !before.includes(id))).toEqual([(first.body as OrderBody).id]);
  });

  it('replays the 202 of an async order with its Location', async () => {
    const key = `"async-${randomUUID()}"`;
    const first = await post(alice, key, { async: true });
    expect(first.status).toBe(202);
    const { id } = first.body as OrderBody;
    expect(first.headers.get('location')).toBe(`/orders/${id}`);
    const again = await post(alice, key, { async: true });
    expect(again.status).toBe(202);
    expect(again.headers.get('location')).toBe(`/orders/${id}`);
    expect(again.headers.get('preference-applied')).toBe('respond-async');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await orderIds(alice)).filter((orderId) => orderId === id)).toHaveLength(1);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED when the key comes back with another request', async () => {
    const key = randomUUID();
    expect((await post(alice, key)).status).toBe(201);
    const before = await orderIds(alice);
    const otherBody = await post(alice, key, { body: { items: [{ sku: 'mug-red', quantity: 2 }] } });
    const otherTransport = await post(alice, key, { query: '?transport=rest' });
    const otherMode = await post(alice, key, { async: true });
    for (const answer of [otherBody, otherTransport, otherMode]) {
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({
        statusCode: 422,
        code: 'IDEMPOTENCY_KEY_REUSED',
        details: { header: 'Idempotency-Key' },
      });
    }
    expect(await orderIds(alice)).toEqual(before);
  });

  it('places exactly one order for 20 concurrent identical requests; the others replay or get 409', async () => {
    const key = randomUUID();
    const before = await orderIds(alice);
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(alice, key)));
    const created = answers.filter((answer) => answer.status === 201);
    const busy = answers.filter((answer) => answer.status === 409);
    expect(created.length + busy.length).toBe(20);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((answer) => (answer.body as OrderBody).id)).size).toBe(1);
    for (const answer of busy) {
      expect((answer.body as ErrorBody).code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
      expect(answer.headers.get('retry-after')).toBe('1');
    }
    const placed = (await orderIds(alice)).filter((id) => !before.includes(id));
    expect(placed).toHaveLength(1);
    // Once the first has answered, every retry replays it.
    const retry = await post(alice, key);
    expect([retry.status, (retry.body as OrderBody).id]).toEqual([201, placed[0]]);
  });

  it('scopes keys per user: bob’s request with alice’s key places bob’s own order', async () => {
    const key = randomUUID();
    const forAlice = await post(alice, key);
    const forBob = await post(bob, key);
    expect([forAlice.status, forBob.status]).toEqual([201, 201]);
    expect(forBob.headers.get('idempotent-replayed')).toBeNull();
    expect((forBob.body as OrderBody).userId).not.toBe((forAlice.body as OrderBody).userId);
    expect(await orderIds(bob)).toContain((forBob.body as OrderBody).id);
  });

  it('keeps a final 4xx and replays it (409 OUT_OF_STOCK), without placing anything', async () => {
    const key = randomUUID();
    const noStock = { items: [{ sku: 'poster-async', quantity: 1 }] };
    const first = await post(alice, key, { body: noStock });
    expect(first.status).toBe(409);
    expect((first.body as ErrorBody).code).toBe('OUT_OF_STOCK');
    const again = await post(alice, key, { body: noStock });
    expect(again.status).toBe(409);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it.each([
    ['', 'empty'],
    ['k'.repeat(256), 'too long'],
    ['"unterminated\\"', 'a bad quoted string'],
  ])('refuses the key %p (%s) with 400 IDEMPOTENCY_KEY_INVALID naming the header', async (key) => {
    const answer = await post(alice, key);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 'IDEMPOTENCY_KEY_INVALID',
      details: { header: 'Idempotency-Key' },
    });
    expect((answer.body as ErrorBody).message).toContain('Idempotency-Key');
  });

  describe('with an order-service of its own', () => {
    const started: RunningOrderService[] = [];

    afterAll(async () => {
      for (const order of started) await order.close().catch(() => undefined);
    });

    it('forgets the key after a 503, so the retry after the outage places the order', async () => {
      const store = await stack.persistentOrderStore();
      // Nothing listens there: inventory is "down" for this instance (503 INVENTORY_UNAVAILABLE).
      const down = await stack.startOrder(
        { INVENTORY_GRPC_URL: `127.0.0.1:${String(await freePort())}` },
        store,
      );
      started.push(down);
      const key = randomUUID();
      const during = await post(alice, key, { orderUrl: down.httpUrl });
      expect(during.status).toBe(503);
      await down.close();
      const up = await stack.startOrder({}, store);
      started.push(up);
      const after = await post(alice, key, { orderUrl: up.httpUrl });
      expect(after.status).toBe(201);
      expect(after.headers.get('idempotent-replayed')).toBeNull();
      expect(await orderIds(alice, up.httpUrl)).toEqual([(after.body as OrderBody).id]);
    });

    it('forgets a key after IDEMPOTENCY_KEY_TTL_MS: the same request then places a new order', async () => {
      const order = await stack.startOrder({
        IDEMPOTENCY_KEY_TTL_MS: '1000',
        BOOKKEEPING_PRUNE_INTERVAL_MS: '200',
      });
      started.push(order);
      const key = randomUUID();
      const first = await post(alice, key, { orderUrl: order.httpUrl });
      const replay = await post(alice, key, { orderUrl: order.httpUrl });
      expect([first.status, replay.status, replay.headers.get('idempotent-replayed')]).toEqual([
        201,
        201,
        'true',
      ]);
      await sleep(1_300);
      const afterExpiry = await post(alice, key, { orderUrl: order.httpUrl });
      expect(afterExpiry.status).toBe(201);
      expect(afterExpiry.headers.get('idempotent-replayed')).toBeNull();
      expect((afterExpiry.body as OrderBody).id).not.toBe((first.body as OrderBody).id);
      // Expired, the key is free for another request too (no 422).
      await sleep(1_300);
      const otherBody = await post(alice, key, {
        orderUrl: order.httpUrl,
        body: { items: [{ sku: 'mug-red', quantity: 2 }] },
      });
      expect(otherBody.status).toBe(201);
      expect(await orderIds(alice, order.httpUrl)).toHaveLength(3);
    });
  });
});
