import { type Database, openDatabase, type SqlExecutor } from '@commlab/persistence';
import { cursorSchema, type KeysetPosition, type Page } from '@commlab/service-kit';
import { plansNotRangesOf, type ThrowawayStore, throwawayStore, walkPagesExplained } from '@commlab/testing';

import { DEAD_LETTERS_LIST, DeadLetterRepository } from '../src/dead-letters/dead-letter.repository';
import {
  NOTIFICATIONS_BY_ORDER_LIST,
  NotificationRepository,
  RECENT_NOTIFICATIONS_LIST,
} from '../src/notifications/notification.repository';
import { NOTIFICATION_MIGRATIONS } from '../src/store/notification.migrations';

/** Rows per list: enough history that the planner reads a page by index, not by scanning the table. */
const ROWS = 3_000;
const PAGE = 100;
/** An order has 30 notifications here (a real one has one or two): pages of 10 to have several. */
const ORDER_PAGE = 10;

interface ListCase {
  list: string;
  /** The table whose SELECTs are the pages (the plans of other statements are not looked at). */
  table: string;
  index: string;
  pageSize: number;
  page: (db: SqlExecutor, after?: KeysetPosition) => Promise<Page<{ id: string }>>;
  /** Every row of the list, in its order, by id. */
  expectedIds: string;
}

const notifications = new NotificationRepository();
const deadLetters = new DeadLetterRepository();
const byNotificationId = async (page: Promise<Page<{ notificationId: string }>>) => {
  const { items, nextCursor } = await page;
  return { items: items.map((item) => ({ id: item.notificationId })), nextCursor };
};

const CASES: ListCase[] = [
  {
    list: NOTIFICATIONS_BY_ORDER_LIST,
    table: 'notifications',
    index: 'notifications_by_order_keyset',
    pageSize: ORDER_PAGE,
    page: (db, after) => byNotificationId(notifications.listByOrder(db, 'order-1', ORDER_PAGE, after)),
    expectedIds: `SELECT notification_id AS id FROM notifications WHERE order_id = 'order-1'
                   ORDER BY sent_at, notification_id`,
  },
  {
    list: RECENT_NOTIFICATIONS_LIST,
    table: 'notifications',
    index: 'notifications_by_time',
    pageSize: PAGE,
    page: (db, after) => byNotificationId(notifications.listRecent(db, PAGE, after)),
    expectedIds:
      'SELECT notification_id AS id FROM notifications ORDER BY sent_at DESC, notification_id DESC',
  },
  {
    list: DEAD_LETTERS_LIST,
    table: 'dead_letters',
    index: 'dead_letters_by_queue_keyset',
    pageSize: PAGE,
    page: (db, after) =>
      deadLetters.page(db, {
        queue: 'notifications.send',
        limit: PAGE,
        ...(after === undefined ? {} : { after }),
      }),
    expectedIds: `SELECT id FROM dead_letters WHERE queue = 'notifications.send' ORDER BY dead_lettered_at, id`,
  },
  {
    list: DEAD_LETTERS_LIST,
    table: 'dead_letters',
    index: 'dead_letters_by_time',
    pageSize: PAGE,
    page: (db, after) => deadLetters.page(db, { limit: PAGE, ...(after === undefined ? {} : { after }) }),
    expectedIds: 'SELECT id FROM dead_letters ORDER BY dead_lettered_at, id',
  },
];

/**
 * notification-service's lists (GET /notifications with and without orderId, GET /dlq with and without
 * queue) read each page as a range of an index, on both stores: a page costs its own rows however long
 * the history before it. Every page is walked and EXPLAINed; some rows share a time (ties across page
 * boundaries). A keyset position PostgreSQL can only filter, or a list with no index, fails this test.
 */
describe.each(['pglite', 'postgres'] as const)('notification lists as index ranges (%s)', (store) => {
  let target: ThrowawayStore;
  let db: Database;

  beforeAll(async () => {
    target = await throwawayStore(store, 'notification_list_plan');
    db = await openDatabase({
      service: 'notification-service',
      migrations: NOTIFICATION_MIGRATIONS,
      ...target.options,
    });
    // 100 orders of 30 notifications; ten queues of 300 dead letters; every third row shares its time.
    const at = `timestamptz '2026-12-01 00:00:00+00' + ((n - (n % 3 = 0)::int) * interval '1 ms')`;
    await db.query(
      `INSERT INTO notifications (notification_id, order_id, channel, recipient, template, params, message_id,
         sent_by, sent_at)
       SELECT 'n-' || lpad(n::text, 6, '0'), 'order-' || (n % 100), 'email', 'a@example.com', 'order-placed',
              '{}'::jsonb, 'm-' || n, 'test', ${at}
         FROM generate_series(1, $1::int) AS n`,
      [ROWS],
    );
    await db.query(
      `INSERT INTO dead_letters (id, queue, dead_letter_queue, reason, attempts, headers, body, dead_lettered_at)
       SELECT 'dl-' || lpad(n::text, 6, '0'), CASE n % 10 WHEN 1 THEN 'notifications.send' ELSE 'queue-' || (n % 10) END,
              'x.dlq', 'rejected', 1, '{}'::jsonb, '\\x00'::bytea, ${at}
         FROM generate_series(1, $1::int) AS n`,
      [ROWS],
    );
    await db.query('ANALYZE notifications');
    await db.query('ANALYZE dead_letters');
  });

  afterAll(async () => {
    await db.close();
    await target.drop();
  });

  it.each(CASES.map((listCase) => [listCase.index, listCase] as const))(
    'walks every page by a range of %s: each row once, in the list’s order',
    async (_index, { list, table, index, pageSize, page, expectedIds }) => {
      const walk = await walkPagesExplained(db, table, (store, cursor) =>
        page(store, cursor === undefined ? undefined : cursorSchema(list).parse(cursor)),
      );

      const { rows } = await db.query<{ id: string }>(expectedIds);
      expect(walk.items.map((item) => item.id)).toEqual(rows.map((row) => row.id));
      expect(walk.pagePlans.length).toBe(Math.ceil(rows.length / pageSize) - 1);
      expect(plansNotRangesOf(walk.pagePlans, index)).toEqual([]);
    },
  );
});
