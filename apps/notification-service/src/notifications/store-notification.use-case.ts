import type { LiveFeedSink } from '@commlab/messaging';
import type { Database } from '@commlab/persistence';
import { LIVE_FEED } from '@commlab/messaging-nest';
import { DATABASE } from '@commlab/service-kit';
import { Inject, Injectable } from '@nestjs/common';

import type { Notification } from './notification';
import { NotificationRepository } from './notification.repository';
import { INSTANCE_ID, NotificationSender } from './notification-sender';

/** Inbox consumer names: one per queue, so a message id is deduplicated per queue. */
export const INBOX_CONSUMERS = {
  jobs: 'notification-service.jobs',
  orderEvents: 'notification-service.order-events',
} as const;

/**
 * "Sends" a notification by storing it, exactly once: the inbox row (message id) and the notification row
 * (notification id) are written by one statement, and the consumer acks only after it committed. A redelivered
 * job — after a crash between commit and ack — finds its inbox row and changes nothing.
 */
@Injectable()
export class StoreNotification {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LIVE_FEED) private readonly feed: LiveFeedSink,
    private readonly repository: NotificationRepository,
    private readonly sender: NotificationSender,
    @Inject(INSTANCE_ID) private readonly instanceId: string,
  ) {}

  /** `notification` as the effect of message `messageId`, taken from the queue the inbox `consumer` names. */
  async execute(consumer: string, messageId: string, notification: Notification): Promise<void> {
    this.sender.assertDeliverable(notification.recipient);
    const outcome = await this.repository.insertOnce(
      this.database,
      { consumer, messageId },
      notification,
      this.instanceId,
    );
    if (outcome.status === 'processed' && outcome.result.stored) {
      this.feed.publish('notification.stored', {
        notificationId: notification.notificationId,
        orderId: notification.orderId,
        template: notification.template,
        channel: notification.channel,
        sentBy: this.instanceId,
      });
    }
  }
}
