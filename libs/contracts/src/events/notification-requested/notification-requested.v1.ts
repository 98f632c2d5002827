import { z } from 'zod';

import type { Envelope } from '../envelope';
import { email, id } from '../common/primitives';

/** A job for notification-service's work queue (`notifications.send`). Subject: order id. */
export const NOTIFICATION_REQUESTED_V1 = 'commlab.notification.requested.v1';

export const notificationRequestedV1Schema = z.strictObject({
  /** Idempotency key: one stored notification per id, however often the job is delivered. */
  notificationId: id,
  orderId: id,
  userId: id,
  channel: z.enum(['email']),
  to: email,
  template: z.enum(['order-placed', 'order-confirmed', 'order-rejected']),
  /** Values the template fills in; flat and small on purpose. */
  params: z.record(z.string().max(64), z.union([z.string().max(1024), z.number()])),
});

export type NotificationRequestedV1 = z.infer<typeof notificationRequestedV1Schema>;
export type NotificationRequestedV1Message = Envelope<
  typeof NOTIFICATION_REQUESTED_V1,
  NotificationRequestedV1
>;
