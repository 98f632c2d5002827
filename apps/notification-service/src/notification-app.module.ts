import type { ConsumerPolicy } from '@commlab/messaging';
import { BookkeepingModule, CONSUMER_POLICY, LiveFeedModule } from '@commlab/messaging-nest';
import type { LiveFeed } from '@commlab/messaging-redis';
import { bookkeepingSettings, rabbitMqConsumerSettings } from '@commlab/config';
import type { Database } from '@commlab/persistence';
import { ServiceKitModule } from '@commlab/service-kit';
import { Module, type Type } from '@nestjs/common';

import { NOTIFICATION, type NotificationConfig } from './config/notification.config';
import { ConsumeRmqMessage } from './consumer/consume-rmq-message';
import { NotificationJobsRmqController } from './consumer/notification-jobs.rmq.controller';
import { assertRmqConnected, type NotificationRmqServers } from './consumer/notification-rmq-servers';
import { OrderEventsRmqController } from './consumer/order-events.rmq.controller';
import { DeadLetterRepository } from './dead-letters/dead-letter.repository';
import { DeadLettersHttpController } from './dead-letters/dead-letters.http.controller';
import { DeadLettersRmqController } from './dead-letters/dead-letters.rmq.controller';
import { RecordDeadLetter } from './dead-letters/record-dead-letter.use-case';
import { REDRIVE_RABBITMQ_URL, RedriveDeadLetters } from './dead-letters/redrive-dead-letters.use-case';
import { NotificationRepository } from './notifications/notification.repository';
import { FAIL_RECIPIENTS, INSTANCE_ID, NotificationSender } from './notifications/notification-sender';
import { NotificationsHttpController } from './notifications/notifications.http.controller';
import { StoreNotification } from './notifications/store-notification.use-case';

export const SERVICE_NAME = 'notification-service';

/** What the root module is built from: opened and created by startNotificationService before Nest starts. */
export interface NotificationAppDependencies {
  config: NotificationConfig;
  database: Database;
  /** The (not yet started) RabbitMQ servers: /health checks their connections. */
  servers: NotificationRmqServers;
  feed: LiveFeed;
  /** This instance's name in the notifications' `sentBy`. */
  instanceId: string;
}

/**
 * The root module around an open store: platform (logs, errors, /health with the RabbitMQ connections, the
 * store), the live feed, the consumers' failure policy, notifications and dead letters.
 */
export function notificationAppModule(deps: NotificationAppDependencies): Type {
  const { config, database, servers } = deps;
  const policy: ConsumerPolicy = {
    consumerGroup: SERVICE_NAME,
    retry: rabbitMqConsumerSettings(config, NOTIFICATION).retry,
  };

  @Module({
    imports: [
      ServiceKitModule.forRoot({
        service: SERVICE_NAME,
        logLevel: config.LOG_LEVEL,
        config,
        database,
        checks: [{ name: 'rabbitmq', check: () => assertRmqConnected(servers) }],
      }),
      // Inbox entries past their retention are pruned in the background.
      BookkeepingModule.forRoot({ db: database, ...bookkeepingSettings(config) }),
      LiveFeedModule.forRoot(() => deps.feed),
    ],
    controllers: [
      NotificationsHttpController,
      DeadLettersHttpController,
      NotificationJobsRmqController,
      OrderEventsRmqController,
      DeadLettersRmqController,
    ],
    providers: [
      { provide: CONSUMER_POLICY, useValue: policy },
      { provide: FAIL_RECIPIENTS, useValue: config.NOTIFICATION_FAIL_RECIPIENTS },
      { provide: INSTANCE_ID, useValue: deps.instanceId },
      { provide: REDRIVE_RABBITMQ_URL, useValue: config.RABBITMQ_URL },
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
