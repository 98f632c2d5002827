import {
  type NotificationRequestedV1Message,
  ORDER_CANCELLED_V1,
  ORDER_CONFIRMED_V1,
  ORDER_PLACED_V1,
  ORDER_PLACED_V2,
  ORDER_REJECTED_V1,
  type OrderCancelledV1Message,
  type OrderConfirmedV1Message,
  type OrderPlacedV1Message,
  type OrderPlacedV2Message,
  type OrderRejectedV1Message,
} from '@commlab/contracts';

import type { Notification } from './notification';

export type OrderEventMessage =
  | OrderPlacedV1Message
  | OrderPlacedV2Message
  | OrderConfirmedV1Message
  | OrderRejectedV1Message
  | OrderCancelledV1Message;
/** Both versions of OrderPlaced: the fields used here (order and user id) are the same in each. */
export const ORDER_EVENT_TYPES = [
  ORDER_PLACED_V1,
  ORDER_PLACED_V2,
  ORDER_CONFIRMED_V1,
  ORDER_REJECTED_V1,
  ORDER_CANCELLED_V1,
] as const;

const ORDER_STATUS = {
  [ORDER_PLACED_V1]: 'placed',
  [ORDER_PLACED_V2]: 'placed',
  [ORDER_CONFIRMED_V1]: 'confirmed',
  [ORDER_REJECTED_V1]: 'rejected',
  [ORDER_CANCELLED_V1]: 'cancelled',
} as const;

/** A NotificationRequested job from `notifications.send`: the notification it asks for. */
export function notificationOfJob(message: NotificationRequestedV1Message): Notification {
  const { data } = message;
  return {
    notificationId: data.notificationId,
    orderId: data.orderId,
    channel: data.channel,
    recipient: data.to,
    template: data.template,
    params: data.params,
    messageId: message.id,
  };
}

/** An order event from the subscriber queue `notification.order-events`: one "order-update" each. */
export function notificationOfOrderEvent(message: OrderEventMessage): Notification {
  return {
    // Idempotent by event id: the event's id is the notification's.
    notificationId: message.id,
    orderId: message.data.orderId,
    channel: 'in-app',
    recipient: message.data.userId,
    template: 'order-update',
    params: { status: ORDER_STATUS[message.type], event: message.type },
    messageId: message.id,
  };
}
