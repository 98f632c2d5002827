import { type Database, openDatabase } from '@commlab/persistence';
import { cursorSchema } from '@commlab/service-kit';
import { plansNotRangesOf, type ThrowawayStore, throwawayStore, walkPagesExplained } from '@commlab/testing';

import { ACTIVE_RESERVATIONS_LIST, ReservationRepository } from '../src/reservations/reservation.repository';
import { INVENTORY_MIGRATIONS } from '../src/store/inventory.migrations';

/** Reservations in the history, one in ten still active: enough that the planner reads a page by index. */
const RESERVATIONS = 5_000;
const PAGE = 50;

/**
 * GET /reservations?status=active (order-service's reconciliation) reads each page as a range of the
 * `reservations_active` index, on both stores: a page costs its own rows however many active
 * reservations come before it. Every page is walked and EXPLAINed; some reservations share a
 * `created_at` (ties across page boundaries). The position as `created_at > $1 OR (created_at = $1 AND …)`
 * — a filter only — made a reconciliation pass quadratic, and fails this test.
 */
describe.each(['pglite', 'postgres'] as const)('active reservations as index ranges (%s)', (store) => {
  let target: ThrowawayStore;
  let db: Database;

  beforeAll(async () => {
    target = await throwawayStore(store, 'active_reservations_plan');
    db = await openDatabase({
      service: 'inventory-service',
      migrations: INVENTORY_MIGRATIONS,
      ...target.options,
    });
    await db.query(
      `INSERT INTO reservations (reservation_id, order_id, status, currency, created_at)
       SELECT 'r-' || lpad(n::text, 6, '0'), 'o-' || n, CASE WHEN n % 10 < 2 THEN 'active' ELSE 'released' END,
              'EUR', timestamptz '2026-12-01 00:00:00+00' + ((n - (n % 10 = 1)::int) * interval '1 ms')
         FROM generate_series(1, $1::int) AS n`,
      [RESERVATIONS],
    );
    await db.query('ANALYZE reservations');
  });

  afterAll(async () => {
    await db.close();
    await target.drop();
  });

  it('walks every page by index range: each active reservation once, oldest first, ties by id', async () => {
    const repository = new ReservationRepository();
    const walk = await walkPagesExplained(db, 'reservations', (store, cursor) =>
      repository.listActive(
        store,
        PAGE,
        cursor === undefined ? undefined : cursorSchema(ACTIVE_RESERVATIONS_LIST).parse(cursor),
      ),
    );

    const { rows } = await db.query<{ reservation_id: string }>(
      `SELECT reservation_id FROM reservations WHERE status = 'active' ORDER BY created_at, reservation_id`,
    );
    expect(walk.items.map((reservation) => reservation.reservationId)).toEqual(
      rows.map((row) => row.reservation_id),
    );
    expect(walk.pagePlans.length).toBe(Math.ceil(rows.length / PAGE) - 1);
    expect(plansNotRangesOf(walk.pagePlans, 'reservations_active')).toEqual([]);
  });
});
