import { NOTIFICATION_REQUESTED_V1, RABBITMQ_QUEUES } from '@commlab/contracts';
import { parseAmqpMessageOfType } from '@commlab/messaging-rabbitmq';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, RmqContext } from '@nestjs/microservices';

import { notificationOfJob } from '../notifications/notification-of-message';
import { INBOX_CONSUMERS, StoreNotification } from '../notifications/store-notification.use-case';
import { ConsumeRmqMessage } from './consume-rmq-message';
import { NOTIFICATION_JOBS_TRANSPORT } from './rmq-transports';

const parseJob = parseAmqpMessageOfType(NOTIFICATION_REQUESTED_V1);

/**
 * The work queue `notifications.send` (competing consumers): NotificationRequested jobs → stored
 * notifications. A message of another type finds no handler here: NestJS rejects it and the broker
 * dead-letters it to `notifications.send.dlq`.
 */
@Controller()
export class NotificationJobsRmqController {
  constructor(
    private readonly consume: ConsumeRmqMessage,
    private readonly store: StoreNotification,
  ) {}

  @EventPattern(NOTIFICATION_REQUESTED_V1, NOTIFICATION_JOBS_TRANSPORT)
  async onNotificationRequested(@Ctx() context: RmqContext): Promise<void> {
    await this.consume.run(context, RABBITMQ_QUEUES.notificationsSend, parseJob, (job) =>
      this.store.execute(INBOX_CONSUMERS.jobs, job.id, notificationOfJob(job)),
    );
  }
}
