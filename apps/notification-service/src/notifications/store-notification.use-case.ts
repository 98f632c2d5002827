import {
  type NotificationRequestedV1Message,
  ORDER_CONFIRMED_V1,
  ORDER_PLACED_V1,
  ORDER_REJECTED_V1,
  type OrderConfirmedV1Message,
  type OrderPlacedV1Message,
  type OrderRejectedV1Message,
} from '@commlab/contracts';
import type { LiveFeed } from '@commlab/messaging-redis';
import { processOnce } from '@commlab/messaging';
import type { Database } from '@commlab/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { LIVE_FEED } from '../live/live-feed.provider';
import { DATABASE } from '../store/store.module';
import type { Notification } from './notification';
import { NotificationRepository } from './notification.repository';
import { INSTANCE_ID, NotificationSender } from './notification-sender';

/** Inbox consumer names: one per queue, so a message id is deduplicated per queue. */
export const INBOX_CONSUMERS = {
  jobs: 'notification-service.jobs',
  orderEvents: 'notification-service.order-events',
} as const;

export type OrderEventMessage = OrderPlacedV1Message | OrderConfirmedV1Message | OrderRejectedV1Message;
export const ORDER_EVENT_TYPES = [ORDER_PLACED_V1, ORDER_CONFIRMED_V1, ORDER_REJECTED_V1] as const;

const ORDER_STATUS = {
  [ORDER_PLACED_V1]: 'placed',
  [ORDER_CONFIRMED_V1]: 'confirmed',
  [ORDER_REJECTED_V1]: 'rejected',
} as const;

/**
 * "Sends" a notification by storing it, exactly once: the inbox row (message id) and the notification row
 * (notification id) commit in one transaction, and the consumer acks only after that commit. A redelivered
 * job — after a crash between commit and ack — finds its inbox row and changes nothing.
 */
@Injectable()
export class StoreNotification {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LIVE_FEED) private readonly feed: LiveFeed,
    private readonly repository: NotificationRepository,
    private readonly sender: NotificationSender,
    @Inject(INSTANCE_ID) private readonly instanceId: string,
  ) {}

  /** A NotificationRequested job from `notifications.send`. */
  async fromJob(message: NotificationRequestedV1Message): Promise<void> {
    const { data } = message;
    await this.store(INBOX_CONSUMERS.jobs, message.id, {
      notificationId: data.notificationId,
      orderId: data.orderId,
      channel: data.channel,
      recipient: data.to,
      template: data.template,
      params: data.params,
      messageId: message.id,
    });
  }

  /** An order event from the subscriber queue `notification.order-events`: one "order-update" each. */
  async fromOrderEvent(message: OrderEventMessage): Promise<void> {
    const status = ORDER_STATUS[message.type];
    await this.store(INBOX_CONSUMERS.orderEvents, message.id, {
      // Idempotent by event id: the event's id is the notification's.
      notificationId: message.id,
      orderId: message.data.orderId,
      channel: 'in-app',
      recipient: message.data.userId,
      template: 'order-update',
      params: { status, event: message.type },
      messageId: message.id,
    });
  }

  private async store(consumer: string, messageId: string, notification: Notification): Promise<void> {
    this.sender.assertDeliverable(notification.recipient);
    const outcome = await processOnce(this.database, consumer, messageId, (tx) =>
      this.repository.insert(tx, notification, this.instanceId),
    );
    if (outcome.status === 'processed' && outcome.result) {
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
