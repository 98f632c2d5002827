import { FIRST_DELIVERY, type ProcessOnceResult, processOnceInOneStatement } from '@commlab/messaging';
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
  /**
   * Stores it as the effect of message `messageId` from the queue the inbox `consumer` names, exactly once,
   * in ONE statement (processOnceInOneStatement: the inbox row and the notification row commit together):
   * `duplicate` when the message was processed before; `stored` false when a notification with its id was
   * already there (the same job sent twice under two message ids).
   */
  async insertOnce(
    db: SqlExecutor,
    inbox: { consumer: string; messageId: string },
    notification: Notification,
    sentBy: string,
  ): Promise<ProcessOnceResult<{ stored: boolean }>> {
    return processOnceInOneStatement<{ stored: boolean }>(db, inbox.consumer, inbox.messageId, {
      writes: `stored AS (
         INSERT INTO notifications (notification_id, order_id, channel, recipient, template, params, message_id,
           sent_by)
         SELECT $3::text, $4::text, $5::text, $6::text, $7::text, $8::jsonb, $9::text, $10::text
           FROM ${FIRST_DELIVERY}
         ON CONFLICT (notification_id) DO NOTHING
         RETURNING 1)`,
      params: [
        notification.notificationId,
        notification.orderId,
        notification.channel,
        notification.recipient,
        notification.template,
        JSON.stringify(notification.params),
        notification.messageId,
        sentBy,
      ],
      select: 'EXISTS (SELECT 1 FROM stored) AS stored',
    });
  }

  /**
   * A page of an order's notifications, oldest first (ties by id), after `after`. Keyset positions here
   * are row comparisons — `(sent_at, notification_id) > (…)` — which PostgreSQL reads as a range on the
   * index; the equivalent `sent_at > $2 OR (sent_at = $2 AND …)` is only a filter.
   */
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
      where += ' AND (sent_at, notification_id) > ($2::timestamptz, $3)';
    }
    params.push(limit + 1);
    const { rows } = await db.query<NotificationRow & { cursor_at: string }>(
      `SELECT *, ${cursorTimeSql('sent_at')} AS cursor_at FROM notifications WHERE ${where}
       ORDER BY sent_at, notification_id LIMIT $${String(params.length)}`,
      params,
    );
    return toPage(NOTIFICATIONS_BY_ORDER_LIST, rows, limit, positionOf, fromRow);
  }

  /**
   * A page of the latest notifications, newest first (ties by id, descending), after `after`: a backward
   * range on `notifications_by_time`, so a page costs its rows, not the history before it.
   */
  async listRecent(
    db: SqlExecutor,
    limit: number,
    after?: KeysetPosition,
  ): Promise<Page<StoredNotification>> {
    const params: unknown[] = [];
    let where = '';
    if (after !== undefined) {
      params.push(after.at, after.id);
      where = 'WHERE (sent_at, notification_id) < ($1::timestamptz, $2)';
    }
    params.push(limit + 1);
    const { rows } = await db.query<NotificationRow & { cursor_at: string }>(
      `SELECT *, ${cursorTimeSql('sent_at')} AS cursor_at FROM notifications ${where}
       ORDER BY sent_at DESC, notification_id DESC LIMIT $${String(params.length)}`,
      params,
    );
    return toPage(RECENT_NOTIFICATIONS_LIST, rows, limit, positionOf, fromRow);
  }
}
