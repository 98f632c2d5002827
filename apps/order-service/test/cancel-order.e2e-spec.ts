import { randomUUID } from 'node:crypto';

import { waitFor } from '@commlab/testing';

import {
  decodePayload,
  forgeToken,
  newEd25519Key,
  validClaims,
} from '../../auth-service/test/support/forge-token';
import type { RunningOrderService } from '../src';
import type { AsyncOrderBody } from './support/async-order-api';
import { login, type SyncStack, startSyncStack } from './support/sync-stack';

jest.setTimeout(90_000);

interface ErrorBody {
  code?: string;
}

/**
 * POST /orders/{id}/cancel with the real services: auth, inventory (its subscriber queue
 * `inventory.order-cancellations` releases the stock), order; own RabbitMQ vhost, kafka-lite, PGlite.
 */
describe('POST /orders/{id}/cancel', () => {
  const signing = newEd25519Key();
  let stack: SyncStack;
  let order: RunningOrderService;
  let alice: string;
  let bob: string;
  let aliceClaims: { sub: string; email: string };

  beforeAll(async () => {
    stack = await startSyncStack('pglite', { auth: { AUTH_SIGNING_KEY: JSON.stringify(signing.jwk) } });
    // One order-service in consumer group `order`, reading inventory's answers without delay.
    await stack.order.close();
    order = await stack.startOrder({ KAFKA_CONSUMER_MAX_WAIT_MS: '50' });
    alice = await login(stack.auth.httpUrl, 'alice@example.com', 'alice-password');
    bob = await login(stack.auth.httpUrl, 'bob@example.com', 'bob-password');
    const claims = decodePayload(alice);
    aliceClaims = { sub: String(claims.sub), email: String(claims.email) };
  }, 90_000);

  afterAll(async () => {
    await stack.stop();
  });

  async function place(items: { sku: string; quantity: number }[], mode: 'sync' | 'async') {
    const response = await fetch(`${order.httpUrl}/orders`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${alice}`,
        'content-type': 'application/json',
        ...(mode === 'async' ? { prefer: 'respond-async' } : {}),
      },
      body: JSON.stringify({ items }),
    });
    expect(response.status).toBe(mode === 'async' ? 202 : 201);
    return (await response.json()) as AsyncOrderBody;
  }

  async function cancel(id: string, bearer: string | null = alice) {
    const response = await fetch(`${order.httpUrl}/orders/${id}/cancel`, {
      method: 'POST',
      headers: bearer === null ? {} : { authorization: `Bearer ${bearer}` },
    });
    return { status: response.status, body: (await response.json()) as AsyncOrderBody & ErrorBody };
  }

  async function getOrder(id: string): Promise<AsyncOrderBody> {
    const response = await fetch(`${order.httpUrl}/orders/${id}`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    return (await response.json()) as AsyncOrderBody;
  }

  const completed = (id: string) =>
    waitFor(
      async () => {
        const current = await getOrder(id);
        return current.status === 'PENDING' ? undefined : current;
      },
      { timeoutMs: 20_000, description: `order ${id} to leave PENDING` },
    );

  async function available(sku: string): Promise<number> {
    const response = await fetch(`${stack.inventory.httpUrl}/stock/${sku}`);
    return ((await response.json()) as { available: number }).available;
  }

  async function streamOf(sku: string, reservationId: string): Promise<string[]> {
    const response = await fetch(`${stack.inventory.httpUrl}/stock/${sku}/events`);
    const { events } = (await response.json()) as {
      events: { type: string; reservationId: string | null }[];
    };
    return events.filter((event) => event.reservationId === reservationId).map((event) => event.type);
  }

  const released = (sku: string, reservationId: string) =>
    waitFor(async () => (await streamOf(sku, reservationId)).includes('StockReleased') || undefined, {
      timeoutMs: 20_000,
      description: `StockReleased for ${reservationId} in ${sku}'s stream`,
    });

  it('a sync (CONFIRMED) order: 200 CANCELLED, its stock released once; cancelling again answers the same order', async () => {
    const before = await available('mug-red');
    const placed = await place([{ sku: 'mug-red', quantity: 2 }], 'sync');
    expect(placed.status).toBe('CONFIRMED');
    expect(await available('mug-red')).toBe(before - 2);

    const first = await cancel(placed.id);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      id: placed.id,
      status: 'CANCELLED',
      mode: 'sync',
      totalCents: placed.totalCents,
      items: placed.items,
    });
    expect((await getOrder(placed.id)).status).toBe('CANCELLED');
    await released('mug-red', placed.id);
    expect(await available('mug-red')).toBe(before);

    const again = await cancel(placed.id);
    expect(again).toEqual(first);
    // Still one release: the second cancellation published nothing.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await streamOf('mug-red', placed.id)).toEqual(['StockReserved', 'StockReleased']);
    expect(await available('mug-red')).toBe(before);
  });

  it('an async order, PENDING or CONFIRMED: CANCELLED, and inventory ends holding none of its stock', async () => {
    const before = await available('tee-black');
    const pending = await place([{ sku: 'tee-black', quantity: 1 }], 'async');
    // Cancelled right away: usually before its ReserveStock was processed, sometimes after.
    expect(await cancel(pending.id)).toMatchObject({
      status: 200,
      body: { status: 'CANCELLED', mode: 'async' },
    });

    const confirmed = await place([{ sku: 'tee-black', quantity: 1 }], 'async');
    expect(await completed(confirmed.id)).toMatchObject({ status: 'CONFIRMED' });
    expect(await cancel(confirmed.id)).toMatchObject({ status: 200, body: { status: 'CANCELLED' } });
    await released('tee-black', confirmed.id);

    await waitFor(async () => (await available('tee-black')) === before || undefined, {
      timeoutMs: 20_000,
      description: 'tee-black back to its stock before both orders',
    });
    // Whatever inventory answered about the first one, the order stayed CANCELLED.
    expect((await getOrder(pending.id)).status).toBe('CANCELLED');
    expect((await getOrder(confirmed.id)).status).toBe('CANCELLED');
  });

  it('a REJECTED order: 409 ORDER_NOT_CANCELLABLE, and it stays REJECTED', async () => {
    const rejected = await place([{ sku: 'poster-async', quantity: 1 }], 'async');
    expect(await completed(rejected.id)).toMatchObject({ status: 'REJECTED' });
    const answer = await cancel(rejected.id);
    expect([answer.status, answer.body.code]).toEqual([409, 'ORDER_NOT_CANCELLABLE']);
    expect((await getOrder(rejected.id)).status).toBe('REJECTED');
  });

  it('an unknown order and another user’s order: 404 ORDER_NOT_FOUND, nothing changes', async () => {
    const unknown = await cancel(randomUUID());
    expect([unknown.status, unknown.body.code]).toEqual([404, 'ORDER_NOT_FOUND']);

    const alices = await place([{ sku: 'mug-red', quantity: 1 }], 'sync');
    const byBob = await cancel(alices.id, bob);
    expect([byBob.status, byBob.body.code]).toEqual([404, 'ORDER_NOT_FOUND']);
    expect((await getOrder(alices.id)).status).toBe('CONFIRMED');
  });

  it('no token: 401 MISSING_TOKEN; a token without orders:write: 403 INSUFFICIENT_SCOPE', async () => {
    const placed = await place([{ sku: 'mug-red', quantity: 1 }], 'sync');
    const anonymous = await cancel(placed.id, null);
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'MISSING_TOKEN']);

    const { keys } = (await (await fetch(`${stack.auth.httpUrl}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string }[];
    };
    const readOnly = forgeToken(
      { typ: 'JWT', kid: keys[0]!.kid },
      { ...validClaims(aliceClaims.sub, aliceClaims.email), scope: 'orders:read' },
      { alg: 'EdDSA', key: signing.key },
    );
    const forbidden = await cancel(placed.id, readOnly);
    expect([forbidden.status, forbidden.body.code]).toEqual([403, 'INSUFFICIENT_SCOPE']);
    expect((await getOrder(placed.id)).status).toBe('CONFIRMED');
  });

  it('is in the OpenAPI document order-service serves', async () => {
    const document = (await (await fetch(`${order.httpUrl}/docs/json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const operation = document.paths['/orders/{id}/cancel']?.post;
    expect(Object.keys(operation?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '401', '403', '404', '409']),
    );
  });
});
