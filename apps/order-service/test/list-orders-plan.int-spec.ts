import { type Database, openDatabase } from '@commlab/persistence';
import { cursorSchema } from '@commlab/service-kit';
import { plansNotRangesOf, type ThrowawayStore, throwawayStore, walkPagesExplained } from '@commlab/testing';

import { ORDERS_LIST, OrderRepository } from '../src/orders/order.repository';
import { ORDER_MIGRATIONS } from '../src/store/order.migrations';

/** Orders per user: enough history that the planner reads a page by index, not by scanning the table. */
const ORDERS_PER_USER = 1_000;
const PAGE = 50;

/**
 * GET /orders's pages read as ranges of the `orders_by_user_newest` index, on both stores: a page costs
 * its own rows however many orders came before it. Every page of a user's history is walked, each
 * EXPLAINed first; some orders share a `created_at` (ties across page boundaries). A keyset position that
 * PostgreSQL can only filter (`created_at < $2 OR (created_at = $2 AND id > $3)`) fails this test.
 */
describe.each(['pglite', 'postgres'] as const)('GET /orders pages as index ranges (%s)', (store) => {
  let target: ThrowawayStore;
  let db: Database;

  beforeAll(async () => {
    target = await throwawayStore(store, 'order_list_plan');
    db = await openDatabase({
      service: 'order-service',
      migrations: ORDER_MIGRATIONS,
      ...target.options,
    });
    // Three users; every third order of a user shares its time with the order before it.
    await db.query(
      `INSERT INTO orders (id, user_id, status, transport, total_cents, currency, created_at)
       SELECT 'order-' || lpad(n::text, 6, '0'), 'user-' || (n % 3), 'CONFIRMED', 'grpc', 100, 'EUR',
              timestamptz '2026-12-01 00:00:00+00' + ((n - (n % 3 = 0)::int) * interval '1 ms')
         FROM generate_series(1, $1::int) AS n`,
      [ORDERS_PER_USER * 3],
    );
    await db.query('ANALYZE orders');
  });

  afterAll(async () => {
    await db.close();
    await target.drop();
  });

  it('walks every page by index range: each order once, newest first, ties by id', async () => {
    const walk = await walkPagesExplained(db, 'orders', (store, cursor) =>
      new OrderRepository(store).listForUser(
        'user-1',
        PAGE,
        cursor === undefined ? undefined : cursorSchema(ORDERS_LIST).parse(cursor),
      ),
    );

    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM orders WHERE user_id = 'user-1' ORDER BY created_at DESC, id DESC`,
    );
    expect(walk.items.map((order) => order.id)).toEqual(rows.map((row) => row.id));
    expect(walk.pagePlans.length).toBe(Math.ceil(ORDERS_PER_USER / PAGE) - 1);
    expect(plansNotRangesOf(walk.pagePlans, 'orders_by_user_newest')).toEqual([]);
  });
});
