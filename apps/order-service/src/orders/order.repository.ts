import type { Envelope } from '@commlab/contracts';
import { enqueueOutbox, type OutboxDestination } from '@commlab/messaging';
import type { Database, SqlExecutor } from '@commlab/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { ORDER_DATABASE } from '../database/order-database.provider';
import type { Order } from './order';

interface OrderRow {
  id: string;
  user_id: string;
  status: Order['status'];
  transport: string;
  total_cents: string | number;
  currency: string;
  callback_url: string | null;
  created_at: Date;
}

interface ItemRow {
  order_id: string;
  sku: string;
  quantity: number;
  unit_price_cents: string | number;
  line_total_cents: string | number;
}

/** A message to publish about an order, keyed by the order id. */
export interface OrderOutboxMessage {
  envelope: Envelope;
  destination: OutboxDestination;
}

/** Orders in order-service's own store. bigint columns come back as strings (node-postgres convention). */
@Injectable()
export class OrderRepository {
  constructor(@Inject(ORDER_DATABASE) private readonly db: Database) {}

  async insert(order: Order, tx: SqlExecutor = this.db): Promise<void> {
    await tx.query(
      `INSERT INTO orders (id, user_id, status, transport, total_cents, currency, callback_url, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        order.id,
        order.userId,
        order.status,
        order.transport,
        order.totalCents,
        order.currency,
        order.callbackUrl,
        order.createdAt,
      ],
    );
    for (const [index, item] of order.items.entries()) {
      await tx.query(
        `INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price_cents, line_total_cents)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [order.id, index + 1, item.sku, item.quantity, item.unitPriceCents, item.lineTotalCents],
      );
    }
  }

  /**
   * Inserts the order and its outbox messages in one transaction: the order is stored whole, with its
   * events, or not at all (the outbox relay publishes the messages after the commit).
   */
  async save(order: Order, outbox: readonly OrderOutboxMessage[] = []): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.insert(order, tx);
      for (const message of outbox) {
        await enqueueOutbox(tx, message.envelope, message.destination, { key: order.id });
      }
    });
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

  async listForUser(userId: string, limit: number): Promise<Order[]> {
    const { rows } = await this.db.query<OrderRow>(
      'SELECT * FROM orders WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2',
      [userId, limit],
    );
    return this.withItems(rows);
  }

  private async withItems(rows: OrderRow[]): Promise<Order[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const placeholders = ids.map((_, index) => `$${index + 1}`).join(', ');
    const { rows: items } = await this.db.query<ItemRow>(
      `SELECT * FROM order_items WHERE order_id IN (${placeholders}) ORDER BY order_id, line_no`,
      ids,
    );
    return rows.map((row) => ({
      id: row.id,
      userId: row.user_id,
      status: row.status,
      transport: row.transport,
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
      callbackUrl: row.callback_url,
      createdAt: row.created_at.toISOString(),
    }));
  }
}
