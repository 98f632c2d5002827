import { decodeCursor } from '@commlab/service-kit';
import { z } from 'zod';

import { NOTIFICATIONS_BY_ORDER_LIST, RECENT_NOTIFICATIONS_LIST } from './notification.repository';

export const notificationSchema = z.object({
  notificationId: z.string(),
  orderId: z.string(),
  channel: z.string(),
  recipient: z.string(),
  template: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  messageId: z.string().describe('the job or event it came from'),
  sentBy: z.string().describe('the instance that stored it (competing consumers)'),
  sentAt: z.string(),
});

export const notificationListSchema = z.object({
  notifications: z.array(notificationSchema),
  nextCursor: z
    .string()
    .nullable()
    .describe('pass as ?cursor= (with the same orderId) for the next page; null on the last page'),
});

/** GET /notifications: `cursor` is the previous page's nextCursor, of the same list (with or without orderId). */
export const listNotificationsQuerySchema = z
  .strictObject({
    orderId: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z.string().optional(),
  })
  .transform(({ cursor, ...query }, ctx) => {
    if (cursor === undefined) return { ...query, after: undefined };
    const list = query.orderId === undefined ? RECENT_NOTIFICATIONS_LIST : NOTIFICATIONS_BY_ORDER_LIST;
    const after = decodeCursor(list, cursor);
    if (after === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['cursor'],
        message: 'not a cursor of this list: pass nextCursor back unchanged, with the same orderId',
      });
      return z.NEVER;
    }
    return { ...query, after };
  });
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuerySchema>;
