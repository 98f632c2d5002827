import type { OneStatementWrites } from '@commlab/messaging';
import { type Database, placeholdersFrom, type SqlExecutor } from '@commlab/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { cursorTimeSql, DATABASE, type KeysetPosition, type Page, toPage } from '@commlab/service-kit';
import type { Order } from './order';

/** The list name inside GET /orders cursors (a cursor of another list is refused). */
export const ORDERS_LIST = 'orders';

interface OrderRow {
  id: string;
  user_id: string;
  user_email: string | null;
  status: Order['status'];
  mode: Order['mode'];
  transport: string;
  total_cents: string | number;
  currency: string | null;
  rejection_reason: string | null;
  rejected_skus: string[] | null;
  callback_url: string | null;
  created_at: Date;
  expires_at: Date | null;
  saga: Order['saga'];
}

/** An order with what completing it needs (the caller's email for the notification). */
export interface StoredOrder extends Order {
  userEmail: string | null;
}

interface ItemRow {
  order_id: string;
  sku: string;
  quantity: number;
  unit_price_cents: string | number;
  line_total_cents: string | number;
}

/** The lines as four parallel arrays (sku, quantity, unit price, line total) for an `unnest`. */
function itemColumns(items: Order['items']): [string[], number[], number[], number[]] {
  return [
    items.map((item) => item.sku),
    items.map((item) => item.quantity),
    items.map((item) => item.unitPriceCents),
    items.map((item) => item.lineTotalCents),
  ];
}

/** Orders in order-service's own store. bigint columns come back as strings (node-postgres convention). */
@Injectable()
export class OrderRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The order and its lines in ONE statement (a CTE: the order row, then its lines from arrays). */
  async insert(order: Order, tx: SqlExecutor = this.db, userEmail: string | null = null): Promise<void> {
    const writes = this.insertWrites(order, userEmail);
    await tx.query(`WITH ${writes.sql(1)} SELECT 1`, [...writes.params]);
  }

  /**
   * The same writes as data-modifying CTEs (`inserted_order`, `inserted_items`) for a statement of the
   * caller's (EventPublisher.inOneStatement), parameters from `$first`.
   */
  insertWrites(order: Order, userEmail: string | null = null): OneStatementWrites {
    return {
      sql: (first) => {
        const $ = placeholdersFrom(first);
        return `inserted_order AS (
         INSERT INTO orders (id, user_id, user_email, status, mode, transport, total_cents, currency,
                             callback_url, created_at, expires_at, saga)
         VALUES (${[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 14, 15].map($).join(', ')})
         RETURNING id),
       inserted_items AS (
         INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price_cents, line_total_cents)
         SELECT inserted_order.id, line.line_no, line.sku, line.quantity, line.unit_price_cents,
                line.line_total_cents
           FROM inserted_order,
                unnest(${$(10)}::text[], ${$(11)}::int[], ${$(12)}::bigint[], ${$(13)}::bigint[]) WITH ORDINALITY
                  AS line (sku, quantity, unit_price_cents, line_total_cents, line_no))`;
      },
      params: [
        order.id,
        order.userId,
        userEmail,
        order.status,
        order.mode,
        order.transport,
        order.totalCents,
        order.currency,
        order.callbackUrl,
        order.createdAt,
        ...itemColumns(order.items),
        order.expiresAt,
        order.saga,
      ],
    };
  }

  private async insertItems(tx: SqlExecutor, orderId: string, items: Order['items']): Promise<void> {
    await tx.query(
      `INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price_cents, line_total_cents)
       SELECT $1, line.line_no, line.sku, line.quantity, line.unit_price_cents, line.line_total_cents
         FROM unnest($2::text[], $3::int[], $4::bigint[], $5::bigint[]) WITH ORDINALITY
                AS line (sku, quantity, unit_price_cents, line_total_cents, line_no)`,
      [orderId, ...itemColumns(items)],
    );
  }

  /** The order's status, or undefined when there is no such order (a plain read, no lock). */
  async statusOf(orderId: string): Promise<Order['status'] | undefined> {
    const { rows } = await this.db.query<{ status: Order['status'] }>(
      'SELECT status FROM orders WHERE id = $1',
      [orderId],
    );
    return rows[0]?.status;
  }

  /** The order, locked for the caller's transaction (`FOR UPDATE`): completing it is one writer at a time. */
  async lockById(tx: SqlExecutor, orderId: string): Promise<StoredOrder | undefined> {
    const { rows } = await tx.query<OrderRow>('SELECT * FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
    const [row] = rows;
    if (row === undefined) return undefined;
    const [order] = await this.withItems([row], tx);
    return order === undefined ? undefined : { ...order, userEmail: row.user_email };
  }

  /** PENDING → CONFIRMED with the reserved lines, their prices and the total. */
  async confirm(
    tx: SqlExecutor,
    orderId: string,
    priced: { items: Order['items']; totalCents: number; currency: string },
  ): Promise<void> {
    await tx.query(
      `UPDATE orders SET status = 'CONFIRMED', total_cents = $2, currency = $3, completed_at = now()
        WHERE id = $1 AND status = 'PENDING'`,
      [orderId, priced.totalCents, priced.currency],
    );
    await tx.query('DELETE FROM order_items WHERE order_id = $1', [orderId]);
    await this.insertItems(tx, orderId, priced.items);
  }

  /** PENDING → REJECTED with the reason and the SKUs that caused it. */
  async reject(
    tx: SqlExecutor,
    orderId: string,
    rejection: { reason: string; skus: string[] },
  ): Promise<void> {
    await tx.query(
      `UPDATE orders SET status = 'REJECTED', rejection_reason = $2, rejected_skus = $3::jsonb, completed_at = now()
        WHERE id = $1 AND status = 'PENDING'`,
      [orderId, rejection.reason, JSON.stringify(rejection.skus)],
    );
  }

  /** PENDING or CONFIRMED → CANCELLED (the caller holds the row lock and decided it may). */
  async cancel(tx: SqlExecutor, orderId: string, at: Date): Promise<void> {
    await tx.query(
      `UPDATE orders SET status = 'CANCELLED', cancelled_at = $2
        WHERE id = $1 AND status IN ('PENDING', 'CONFIRMED')`,
      [orderId, at],
    );
  }

  /**
   * PENDING → EXPIRED, only if still PENDING (conditional: a completion or a cancellation that committed
   * first wins, and this changes nothing). True when this call expired it.
   */
  async expire(tx: SqlExecutor, orderId: string, at: Date): Promise<boolean> {
    const { rowCount } = await tx.query(
      `UPDATE orders SET status = 'EXPIRED', completed_at = $2 WHERE id = $1 AND status = 'PENDING'`,
      [orderId, at],
    );
    return rowCount > 0;
  }

  /** The ids of up to `limit` PENDING orders whose deadline is at or before `now`, earliest first. */
  async dueForExpiry(now: Date, limit: number): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT id FROM orders WHERE status = 'PENDING' AND expires_at <= $1 ORDER BY expires_at, id LIMIT $2`,
      [now, limit],
    );
    return rows.map((row) => row.id);
  }

  /** The status of each of `orderIds` that exists (a plain read). */
  async statusesOf(orderIds: readonly string[]): Promise<Map<string, Order['status']>> {
    const { rows } = await this.db.query<{ id: string; status: Order['status'] }>(
      'SELECT id, status FROM orders WHERE id = ANY($1::text[])',
      [orderIds],
    );
    return new Map(rows.map((row) => [row.id, row.status]));
  }

  /**
   * A page of the ids of orders CONFIRMED before `before` (a sync order when stored, an async one when
   * completed: both after their reservation was made), by id, after `afterId`.
   */
  async confirmedBefore(before: Date, limit: number, afterId = ''): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT id FROM orders WHERE status = 'CONFIRMED' AND COALESCE(completed_at, created_at) < $1
          AND id > $2 ORDER BY id LIMIT $3`,
      [before, afterId, limit],
    );
    return rows.map((row) => row.id);
  }

  async findForUser(orderId: string, userId: string): Promise<Order | undefined> {
    const { rows } = await this.db.query<OrderRow>('SELECT * FROM orders WHERE id = $1 AND user_id = $2', [
      orderId,
      userId,
    ]);
    const [row] = rows;
    if (row === undefined) return undefined;
    const [order] = await this.withItems([row]);
    return order;
  }

  /**
   * A page of the user's orders, newest first (ties by id, descending), starting after `after` (keyset: an
   * order placed meanwhile never shifts a page). The position is a row comparison in one direction, so it
   * is a range on the `orders_by_user_newest` index: a page starts at the cursor. `created_at < $2 OR
   * (created_at = $2 AND id > $3)` (ties the other way) was only a filter, and every page read the
   * user's orders from the newest on.
   */
  async listForUser(userId: string, limit: number, after?: KeysetPosition): Promise<Page<Order>> {
    const params: unknown[] = [userId];
    let where = 'user_id = $1';
    if (after !== undefined) {
      params.push(after.at, after.id);
      where += ' AND (created_at, id) < ($2::timestamptz, $3)';
    }
    params.push(limit + 1);
    const { rows } = await this.db.query<OrderRow & { cursor_at: string }>(
      `SELECT *, ${cursorTimeSql('created_at')} AS cursor_at FROM orders WHERE ${where}
       ORDER BY created_at DESC, id DESC LIMIT $${String(params.length)}`,
      params,
    );
    const page = toPage(
      ORDERS_LIST,
      rows,
      limit,
      (row) => ({ at: row.cursor_at, id: row.id }),
      (row) => row,
    );
    return { items: await this.withItems(page.items), nextCursor: page.nextCursor };
  }

  private async withItems(rows: OrderRow[], sql: SqlExecutor = this.db): Promise<Order[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const placeholders = ids.map((_, index) => `$${index + 1}`).join(', ');
    const { rows: items } = await sql.query<ItemRow>(
      `SELECT * FROM order_items WHERE order_id IN (${placeholders}) ORDER BY order_id, line_no`,
      ids,
    );
    return rows.map((row) => ({
      id: row.id,
      userId: row.user_id,
      status: row.status,
      mode: row.mode,
      transport: row.transport,
      saga: row.saga,
      items: items
        .filter((item) => item.order_id === row.id)
        .map((item) => ({
          sku: item.sku,
          quantity: item.quantity,
          unitPriceCents: Number(item.unit_price_cents),
          lineTotalCents: Number(item.line_total_cents),
        })),
      totalCents: Number(row.total_cents),
      currency: row.currency,
      rejection:
        row.rejection_reason === null
          ? null
          : { reason: row.rejection_reason, skus: row.rejected_skus ?? [] },
      callbackUrl: row.callback_url,
      createdAt: row.created_at.toISOString(),
      expiresAt: row.expires_at?.toISOString() ?? null,
    }));
  }
}
