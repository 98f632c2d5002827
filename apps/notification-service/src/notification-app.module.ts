import type { LiveFeed } from '@commlab/messaging-redis';
import { retryPolicy } from '@commlab/resilience';
import type { Database } from '@commlab/persistence';
import { type DependencyCheck, ServiceKitModule } from '@commlab/service-kit';
import { Module, type Type } from '@nestjs/common';

import type { NotificationConfig } from './config/notification.config';
import { ConsumeRmqMessage, RETRY_POLICY } from './consumer/consume-rmq-message.service';
import { NotificationJobsRmqController } from './consumer/notification-jobs.rmq.controller';
import { assertRmqConnected, type NotificationRmqServers } from './consumer/notification-rmq-servers';
import { OrderEventsRmqController } from './consumer/order-events.rmq.controller';
import { DeadLetterRepository } from './dead-letters/dead-letter.repository';
import { DeadLettersHttpController } from './dead-letters/dead-letters.http.controller';
import { DeadLettersRmqController } from './dead-letters/dead-letters.rmq.controller';
import { RecordDeadLetter } from './dead-letters/record-dead-letter.use-case';
import { REDRIVE_RABBITMQ_URL, RedriveDeadLetters } from './dead-letters/redrive-dead-letters.use-case';
import { LIVE_FEED, LiveFeedCloser } from './live/live-feed.provider';
import { NotificationRepository } from './notifications/notification.repository';
import { FAIL_RECIPIENTS, INSTANCE_ID, NotificationSender } from './notifications/notification-sender';
import { NotificationsHttpController } from './notifications/notifications.http.controller';
import { StoreNotification } from './notifications/store-notification.use-case';
import { DATABASE, StoreModule } from './store/store.module';

export const SERVICE_NAME = 'notification-service';

const RMQ_SERVERS = Symbol('RMQ_SERVERS');

/** The root module around an open store, the (not yet started) RabbitMQ servers and the live feed. */
export function notificationAppModule(
  config: NotificationConfig,
  database: Database,
  servers: NotificationRmqServers,
  feed: LiveFeed,
  instanceId: string,
): Type {
  const store = StoreModule.forRoot(database);
  const policy = retryPolicy({
    maxAttempts: config.NOTIFICATION_MAX_ATTEMPTS,
    baseDelayMs: config.NOTIFICATION_RETRY_BASE_MS,
    maxDelayMs: Math.max(config.NOTIFICATION_RETRY_MAX_MS, config.NOTIFICATION_RETRY_BASE_MS),
    jitter: 0.2,
  });

  @Module({
    imports: [
      store,
      ServiceKitModule.forRoot({
        service: SERVICE_NAME,
        logLevel: config.LOG_LEVEL,
        dependencyChecks: {
          imports: [store],
          inject: [DATABASE],
          useFactory: (db: Database): DependencyCheck[] => [
            { name: 'database', check: () => db.ping() },
            { name: 'rabbitmq', check: () => assertRmqConnected(servers) },
          ],
        },
      }),
    ],
    controllers: [
      NotificationsHttpController,
      DeadLettersHttpController,
      NotificationJobsRmqController,
      OrderEventsRmqController,
      DeadLettersRmqController,
    ],
    providers: [
      { provide: RMQ_SERVERS, useValue: servers },
      { provide: RETRY_POLICY, useValue: policy },
      { provide: FAIL_RECIPIENTS, useValue: config.NOTIFICATION_FAIL_RECIPIENTS },
      { provide: INSTANCE_ID, useValue: instanceId },
      { provide: REDRIVE_RABBITMQ_URL, useValue: config.RABBITMQ_URL },
      { provide: LIVE_FEED, useValue: feed },
      LiveFeedCloser,
      NotificationSender,
      NotificationRepository,
      StoreNotification,
      ConsumeRmqMessage,
      DeadLetterRepository,
      RecordDeadLetter,
      RedriveDeadLetters,
    ],
  })
  class NotificationAppModule {}

  return NotificationAppModule;
}
