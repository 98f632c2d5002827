import { RABBITMQ_SUBSCRIPTIONS } from '@commlab/contracts';
import { parseAmqpMessageOfType } from '@commlab/messaging-rabbitmq';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, RmqContext } from '@nestjs/microservices';

import { notificationOfOrderEvent, ORDER_EVENT_TYPES } from '../notifications/notification-of-message';
import { INBOX_CONSUMERS, StoreNotification } from '../notifications/store-notification.use-case';
import { ConsumeRmqMessage } from './consume-rmq-message';
import { ORDER_EVENTS_TRANSPORT } from './rmq-transports';

const parseOrderEvent = parseAmqpMessageOfType(...ORDER_EVENT_TYPES);

/**
 * The durable subscriber queue `notification.order-events`, bound to `commlab.events` with `order.*`
 * (publish-subscribe): every order event becomes one "order-update" notification.
 */
@Controller()
export class OrderEventsRmqController {
  constructor(
    private readonly consume: ConsumeRmqMessage,
    private readonly store: StoreNotification,
  ) {}

  @EventPattern([...ORDER_EVENT_TYPES], ORDER_EVENTS_TRANSPORT)
  async onOrderEvent(@Ctx() context: RmqContext): Promise<void> {
    await this.consume.run(
      context,
      RABBITMQ_SUBSCRIPTIONS.notificationOrderEvents.queue,
      parseOrderEvent,
      (event) => this.store.execute(INBOX_CONSUMERS.orderEvents, event.id, notificationOfOrderEvent(event)),
      // A subscriber of the `commlab.events` fan-out: a trace of its own, linked to the event's creation.
      'link',
    );
  }
}
