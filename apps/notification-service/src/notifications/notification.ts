/** One notification as stored: "sending" it means storing it, once per notification id. */
export interface Notification {
  notificationId: string;
  orderId: string;
  channel: string;
  recipient: string;
  template: string;
  params: Record<string, string | number>;
  /** The id of the message it came from (job or event). */
  messageId: string;
}

export interface StoredNotification extends Notification {
  /** The instance that stored it (`host:pid:random`). */
  sentBy: string;
  sentAt: string;
}
