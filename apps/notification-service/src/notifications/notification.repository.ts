import type { SqlExecutor } from '@commlab/persistence';
import { Injectable } from '@nestjs/common';

import type { Notification, StoredNotification } from './notification';

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

  async listByOrder(db: SqlExecutor, orderId: string, limit: number): Promise<StoredNotification[]> {
    const { rows } = await db.query<NotificationRow>(
      `SELECT * FROM notifications WHERE order_id = $1 ORDER BY sent_at, notification_id LIMIT $2`,
      [orderId, limit],
    );
    return rows.map(fromRow);
  }

  async listRecent(db: SqlExecutor, limit: number): Promise<StoredNotification[]> {
    const { rows } = await db.query<NotificationRow>(
      `SELECT * FROM notifications ORDER BY sent_at DESC, notification_id LIMIT $1`,
      [limit],
    );
    return rows.map(fromRow);
  }
}
