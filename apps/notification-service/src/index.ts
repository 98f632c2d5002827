export { type NotificationConfig, notificationConfigSchema } from './config/notification.config';
export {
  type RunningNotificationService,
  startNotificationService,
  type StartNotificationServiceOptions,
} from './start-notification-service';
export type { DeadLetterView, RedriveResult } from './dead-letters/dead-letter.dto';
export type { StoredNotification } from './notifications/notification';
