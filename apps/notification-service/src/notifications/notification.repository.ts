import type { SqlExecutor } from '@commlab/persistence';
import { cursorTimeSql, type KeysetPosition, type Page, toPage } from '@commlab/service-kit';
import { Injectable } from '@nestjs/common';

import type { Notification, StoredNotification } from './notification';

/** The list names inside GET /notifications cursors: with `orderId`, and without. */
export const NOTIFICATIONS_BY_ORDER_LIST = 'notifications-by-order';
export const RECENT_NOTIFICATIONS_LIST = 'notifications-recent';

interface NotificationRow {
  notification_id: string;
  order_id: string;
  channel: string;
  recipient: string;
  template: string;
  params: Record<string, string | number> | string;
  message_id: string;
  sent_by: string;
  sent_at: Date | string;
}

function fromRow(row: NotificationRow): StoredNotification {
  return {
    notificationId: row.notification_id,
    orderId: row.order_id,
    channel: row.channel,
    recipient: row.recipient,
    template: row.template,
    params:
      typeof row.params === 'string'
        ? (JSON.parse(row.params) as Record<string, string | number>)
        : row.params,
    messageId: row.message_id,
    sentBy: row.sent_by,
    sentAt: new Date(row.sent_at).toISOString(),
  };
}

const positionOf = (row: NotificationRow & { cursor_at: string }): KeysetPosition => ({
  at: row.cursor_at,
  id: row.notification_id,
});

/** The `notifications` table and the only SQL that touches it. */
@Injectable()
export class NotificationRepository {
  /** Stores it unless its id is already there; true when this call stored it. */
  async insert(tx: SqlExecutor, notification: Notification, sentBy: string): Promise<boolean> {
    const { rowCount } = await tx.query(
      `INSERT INTO notifications (notification_id, order_id, channel, recipient, template, params, message_id,
         sent_by)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)
       ON CONFLICT (notification_id) DO NOTHING`,
      [
        notification.notificationId,
        notification.orderId,
        notification.channel,
        notification.recipient,
        notification.template,
        JSON.stringify(notification.params),
        notification.messageId,
        sentBy,
      ],
    );
    return rowCount === 1;
  }

  /** A page of an order's notifications, oldest first (ties by id), after `after`. */
  async listByOrder(
    db: SqlExecutor,
    orderId: string,
    limit: number,
    after?: KeysetPosition,
  ): Promise<Page<StoredNotification>> {
    const params: unknown[] = [orderId];
    let where = 'order_id = $1';
    if (after !== undefined) {
      params.push(after.at, after.id);
      where += ' AND (sent_at > $2::timestamptz OR (sent_at = $2::timestamptz AND notification_id > $3))';
    }
    params.push(limit + 1);
    const { rows } = await db.query<NotificationRow & { cursor_at: string }>(
      `SELECT *, ${cursorTimeSql('sent_at')} AS cursor_at FROM notifications WHERE ${where}
       ORDER BY sent_at, notification_id LIMIT $${String(params.length)}`,
      params,
    );
    return toPage(NOTIFICATIONS_BY_ORDER_LIST, rows, limit, positionOf, fromRow);
  }

  /** A page of the latest notifications, newest first (ties by id), after `after`. */
  async listRecent(
    db: SqlExecutor,
    limit: number,
    after?: KeysetPosition,
  ): Promise<Page<StoredNotification>> {
    const params: unknown[] = [];
    let where = '';
    if (after !== undefined) {
      params.push(after.at, after.id);
      where = 'WHERE sent_at < $1::timestamptz OR (sent_at = $1::timestamptz AND notification_id > $2)';
    }
    params.push(limit + 1);
    const { rows } = await db.query<NotificationRow & { cursor_at: string }>(
      `SELECT *, ${cursorTimeSql('sent_at')} AS cursor_at FROM notifications ${where}
       ORDER BY sent_at DESC, notification_id LIMIT $${String(params.length)}`,
      params,
    );
    return toPage(RECENT_NOTIFICATIONS_LIST, rows, limit, positionOf, fromRow);
  }
}
