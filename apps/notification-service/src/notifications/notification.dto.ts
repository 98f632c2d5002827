import { z } from 'zod';

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

export const notificationListSchema = z.object({ notifications: z.array(notificationSchema) });

export const listNotificationsQuerySchema = z.strictObject({
  orderId: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuerySchema>;
