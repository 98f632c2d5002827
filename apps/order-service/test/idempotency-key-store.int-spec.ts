import { randomUUID } from 'node:crypto';

import { type Database, openDatabase } from '@commlab/persistence';
import { dropSchemas, requirePostgres, throwawaySchemaName } from '@commlab/testing';

import { IdempotencyKeyPruner } from '../src/idempotency/idempotency-key.pruner';
import { IdempotencyKeyRepository, type KeyClaim } from '../src/idempotency/idempotency-key.repository';
import type { Order } from '../src/orders/order';
import { OrderRepository } from '../src/orders/order.repository';
import { ORDER_MIGRATIONS } from '../src/store/order.migrations';

jest.setTimeout(30_000);

const HOUR = 3_600_000;

function order(userId: string): Order {
  return {
    id: randomUUID(),
    userId,
    status: 'CONFIRMED',
    mode: 'sync',
    transport: 'grpc',
    items: [{ sku: 'mug-red', quantity: 1, unitPriceCents: 1250, lineTotalCents: 1250 }],
    totalCents: 1250,
    currency: 'USD',
    rejection: null,
    callbackUrl: null,
    createdAt: new Date().toISOString(),
    expiresAt: null,
    saga: null,
  };
}

/**
 * The idempotency_keys table against both stores order-service runs on: a claim is won once, even by
 * concurrent duplicates; the key's answer commits or rolls back with the order; expired keys are pruned.
 */
describe.each(['pglite', 'postgres'] as const)('idempotency keys in the order store (%s)', (backend) => {
  let db: Database;
  let keys: IdempotencyKeyRepository;
  let orders: OrderRepository;
  let url: string | undefined;
  const schema = throwawaySchemaName('order_idem_test');

  beforeAll(async () => {
    if (backend === 'postgres') url = await requirePostgres();
    db = await openDatabase({
      service: 'order-idempotency-test',
      migrations: ORDER_MIGRATIONS,
      ...(url === undefined ? {} : { url, schema }),
    });
    keys = new IdempotencyKeyRepository(db);
    orders = new OrderRepository(db);
  });

  afterAll(async () => {
    await db.close();
    if (url !== undefined) await dropSchemas(url, [schema]);
  });

  function claim(userId: string, key: string, overrides: Partial<KeyClaim> = {}): KeyClaim {
    return {
      userId,
      key,
      fingerprint: 'fp',
      claimId: randomUUID(),
      lockedUntil: new Date(Date.now() + 60_000),
      expiresAt: new Date(Date.now() + HOUR),
      ...overrides,
    };
  }

  it('lets exactly one of 20 concurrent claims of a key win', async () => {
    const userId = randomUUID();
    const won = await Promise.all(Array.from({ length: 20 }, () => keys.claim(claim(userId, 'k'), null)));
    expect(won.filter(Boolean)).toHaveLength(1);
    // The same key of another user is another key.
    expect(await keys.claim(claim(randomUUID(), 'k'), null)).toBe(true);
  });

  it('takes a key over only from the claim it saw (compare-and-set)', async () => {
    const userId = randomUUID();
    const first = claim(userId, 'k');
    expect(await keys.claim(first, null)).toBe(true);
    const takers = await Promise.all(
      Array.from({ length: 5 }, () => keys.claim(claim(userId, 'k'), first.claimId)),
    );
    expect(takers.filter(Boolean)).toHaveLength(1);
    // The first request, finishing late, can no longer record its answer.
    expect(await keys.complete(db, first, { status: 201, body: {}, location: null }, null)).toBe(false);
  });

  it('commits the key’s answer with the order, or neither', async () => {
    const userId = randomUUID();
    const rolledBack = claim(userId, 'rolled-back');
    await keys.claim(rolledBack, null);
    const lost = order(userId);
    await expect(
      db.transaction(async (tx) => {
        await orders.insert(lost, tx);
        expect(
          await keys.complete(tx, rolledBack, { status: 201, body: lost, location: null }, lost.id),
        ).toBe(true);
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    expect(await orders.findForUser(lost.id, userId)).toBeUndefined();
    expect(await keys.find(userId, 'rolled-back')).toMatchObject({ state: 'in_progress', response: null });

    const committed = claim(userId, 'committed');
    await keys.claim(committed, null);
    const placed = order(userId);
    await db.transaction(async (tx) => {
      await orders.insert(placed, tx);
      await keys.complete(
        tx,
        committed,
        { status: 202, body: placed, location: `/orders/${placed.id}` },
        placed.id,
      );
    });
    expect(await keys.find(userId, 'committed')).toMatchObject({
      state: 'completed',
      response: { status: 202, body: placed, location: `/orders/${placed.id}` },
    });
  });

  it('releases only its own in-progress claim', async () => {
    const userId = randomUUID();
    const mine = claim(userId, 'k');
    await keys.claim(mine, null);
    await keys.release({ ...mine, claimId: 'someone-else' });
    expect(await keys.find(userId, 'k')).toBeDefined();
    await keys.release(mine);
    expect(await keys.find(userId, 'k')).toBeUndefined();
  });

  it('prunes expired keys in batches and keeps the others', async () => {
    await db.query('DELETE FROM idempotency_keys');
    const userId = randomUUID();
    for (let index = 0; index < 5; index += 1) {
      await keys.claim(
        claim(userId, `old-${String(index)}`, { expiresAt: new Date(Date.now() - 1_000) }),
        null,
      );
    }
    await keys.claim(claim(userId, 'fresh'), null);
    const pruner = new IdempotencyKeyPruner(keys, { intervalMs: 60_000, batchSize: 2 });
    expect(await pruner.pruneOnce()).toBe(5);
    const { rows } = await db.query<{ idem_key: string }>('SELECT idem_key FROM idempotency_keys');
    expect(rows.map((row) => row.idem_key)).toEqual(['fresh']);
  });
});
