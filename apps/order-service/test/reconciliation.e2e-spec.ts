import { randomUUID } from 'node:crypto';

import { waitFor } from '@commlab/testing';

import type { RunningOrderService } from '../src';
import { listenToLiveFeed, type LiveFeedListener } from './support/async-order-api';
import { serviceToken } from './support/service-token';
import { login, type SyncStack, startSyncStack } from './support/sync-stack';

jest.setTimeout(90_000);

const SKU = 'tee-black';

interface Report {
  reservationsChecked: number;
  released: { reservationId: string; orderId: string; orderStatus: string }[];
  releaseFailed: unknown[];
  tooYoung: number;
  confirmedWithoutReservation: string[];
}

/**
 * POST /admin/reconcile: order-service compares its orders with inventory's active reservations and
 * repairs what disagrees — a reservation held for an order it does not know is released (stock back), a
 * CONFIRMED order whose reservation inventory no longer holds is reported, not invented; both logged and
 * on the live feed. Only a service token with stock:adjust may ask. Real auth, inventory and order
 * services, RabbitMQ (own vhost), kafka-lite, PGlite.
 */
describe('reconciling orders with inventory (POST /admin/reconcile)', () => {
  let stack: SyncStack;
  let order: RunningOrderService;
  let live: LiveFeedListener;
  let alice: string;
  let operator: string;
  let inventoryToken: string;

  beforeAll(async () => {
    live = await listenToLiveFeed();
    stack = await startSyncStack('pglite');
    await stack.order.close();
    // No grace: every reservation is old enough to be looked at.
    order = await stack.startOrder({ RECONCILE_GRACE_MS: '1' });
    alice = await login(stack.auth.httpUrl, 'alice@example.com', 'alice-password');
    operator = await serviceToken(stack.auth.httpUrl, 'commlab-bench', 'stock:adjust');
    inventoryToken = await serviceToken(stack.auth.httpUrl, 'commlab-bench', 'stock:reserve');
  }, 90_000);

  afterAll(async () => {
    live.stop();
    await stack.stop();
  });

  async function available(): Promise<number> {
    const response = await fetch(`${stack.inventory.httpUrl}/stock/${SKU}`);
    return ((await response.json()) as { available: number }).available;
  }

  async function inventory(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<number> {
    const response = await fetch(`${stack.inventory.httpUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${inventoryToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return response.status;
  }

  async function reconcile(token?: string) {
    const response = await fetch(`${order.httpUrl}/admin/reconcile`, {
      method: 'POST',
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: (await response.json()) as Report & { code?: string } };
  }

  it('refuses without a token, with a user token, and with a service token without stock:adjust', async () => {
    expect([(await reconcile()).status, (await reconcile()).body.code]).toEqual([401, 'MISSING_TOKEN']);
    const asUser = await reconcile(alice);
    expect([asUser.status, asUser.body.code]).toEqual([403, 'SERVICE_TOKEN_REQUIRED']);
    const withoutScope = await reconcile(inventoryToken);
    expect([withoutScope.status, withoutScope.body.code]).toEqual([403, 'INSUFFICIENT_SCOPE']);
  });

  it('releases stock held for an unknown order and reports a CONFIRMED order without a reservation', async () => {
    const before = await available();
    // A stray reservation: stock held for an order order-service never stored.
    const stray = `stray-${randomUUID()}`;
    expect(
      await inventory('POST', '/reservations', { reservationId: stray, items: [{ sku: SKU, quantity: 3 }] }),
    ).toBe(201);
    // A CONFIRMED order whose reservation inventory no longer holds.
    const placed = await fetch(`${order.httpUrl}/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ sku: SKU, quantity: 1 }] }),
    });
    expect(placed.status).toBe(201);
    const confirmed = ((await placed.json()) as { id: string }).id;
    expect(await inventory('DELETE', `/reservations/${confirmed}`)).toBe(200);
    // A CONFIRMED order that holds its reservation: left alone.
    const kept = await fetch(`${order.httpUrl}/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ sku: SKU, quantity: 2 }] }),
    });
    expect(kept.status).toBe(201);
    const keptId = ((await kept.json()) as { id: string }).id;
    expect(await available()).toBe(before - 3 - 2);

    const { status, body } = await reconcile(operator);
    expect(status).toBe(200);
    expect(body.released).toEqual([{ reservationId: stray, orderId: stray, orderStatus: 'UNKNOWN' }]);
    expect(body.confirmedWithoutReservation).toEqual([confirmed]);
    expect(body.releaseFailed).toEqual([]);
    expect(body.reservationsChecked).toBe(2);
    // The stray units are back; the kept order still holds its own.
    expect(await available()).toBe(before - 2);
    expect(body.confirmedWithoutReservation).not.toContain(keptId);

    await waitFor(
      () =>
        live.lines.find((line) => line.event === 'reconciliation.released' && line.reservationId === stray),
      { timeoutMs: 5_000, description: 'the release on the live feed' },
    );
    await waitFor(
      () =>
        live.lines.find(
          (line) => line.event === 'reconciliation.missing-reservation' && line.orderId === confirmed,
        ),
      { timeoutMs: 5_000, description: 'the missing reservation on the live feed' },
    );

    // Repaired: a second pass releases nothing more (the CONFIRMED order is reported again, not repaired).
    const again = await reconcile(operator);
    expect([again.body.released, again.body.confirmedWithoutReservation]).toEqual([[], [confirmed]]);
  });
});
