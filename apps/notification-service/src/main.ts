// First: OpenTelemetry starts before NestJS and the broker and database clients load, so it can instrument them.
import '@commlab/tracing/register';
import 'reflect-metadata';

import { RABBITMQ_QUEUES, RABBITMQ_SUBSCRIPTIONS } from '@commlab/contracts';
import { runServiceMain } from '@commlab/service-kit';

import { notificationConfigSchema } from './config/notification.config';
import { SERVICE_NAME } from './notification-app.module';
import { startNotificationService } from './start-notification-service';

/** `pnpm --filter @commlab/notification-service start`: validated config, then HTTP + the RabbitMQ consumers. */
runServiceMain({
  name: SERVICE_NAME,
  schema: notificationConfigSchema,
  start: (config, databaseLogger) => startNotificationService(config, { databaseLogger }),
  describe: (service, config) =>
    `${SERVICE_NAME} listening: HTTP ${service.httpUrl} (docs ${service.httpUrl}/docs), ` +
    `consuming ${RABBITMQ_QUEUES.notificationsSend} and ${RABBITMQ_SUBSCRIPTIONS.notificationOrderEvents.queue} ` +
    `on ${config.RABBITMQ_URL.replace(/(\/\/[^:/@]+:)[^@/]*@/, '$1***@')}`,
});
