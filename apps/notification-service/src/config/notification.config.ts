import {
  env,
  inboxBookkeepingConfigFields,
  infrastructureConfigSchema,
  rabbitMqConsumerConfigFields,
} from '@commlab/config';
import { PORTS } from '@commlab/contracts';
import { DEFAULT_NOTIFICATIONS_SEND_BOUND } from '@commlab/messaging-rabbitmq';
import { z } from 'zod';

/** A comma-separated list; blanks dropped, lower-cased (e-mail addresses compare case-insensitively). */
function recipientList() {
  return z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim().toLowerCase())
        .filter((part) => part.length > 0),
    )
    .describe('a comma-separated list of recipients (e-mail addresses), or empty');
}

/** The prefix of the consumers' variables (NOTIFICATION_PREFETCH, NOTIFICATION_MAX_ATTEMPTS, …). */
export const NOTIFICATION = 'NOTIFICATION';

/** notification-service's variables, on top of the shared infrastructure ones. */
export const notificationConfigSchema = infrastructureConfigSchema.extend({
  NOTIFICATION_HTTP_PORT: env.port(PORTS.notification.http),
  /** PGlite directory, used when DATABASE_URL is unset. */
  NOTIFICATION_DATA_DIR: env.path('.data/notification-service'),
  /**
   * The consumers of `notifications.send`, `notification.order-events` and their `.dlq`s:
   * - NOTIFICATION_PREFETCH: unacknowledged messages RabbitMQ hands one consumer (per queue). Every job is
   *   one short database transaction, so 20 keeps the consumer busy across the round trips (ack, commit)
   *   while bounding what a crash puts back on the queue and how unevenly competing consumers share it: a
   *   prefetch of 1 starves a fast consumer, an unbounded one lets the first consumer hoard the queue.
   * - NOTIFICATION_MAX_ATTEMPTS: attempts of one job (the first delivery included) before `<queue>.dlq`.
   * - NOTIFICATION_RETRY_BASE_MS / _MAX_MS: the wait before the 2nd attempt (in `<queue>.retry`, survives
   *   restarts), doubling each time up to the maximum.
   */
  ...inboxBookkeepingConfigFields,
  ...rabbitMqConsumerConfigFields(NOTIFICATION, {
    prefetch: 20,
    maxAttempts: 5,
    retryBaseMs: 1_000,
    retryMaxMs: 30_000,
  }),
  /**
   * The bound of `notifications.send` (this service owns the queue and declares it): past this many ready
   * jobs RabbitMQ refuses new ones (`x-overflow: reject-publish`), so a producer's publish is nacked and
   * its outbox relay backs off — backpressure instead of an ever-growing queue. 0 = no bound. A queue's
   * arguments cannot change: a queue declared with another bound (or before bounds existed) stops the
   * service at boot with what to do (docs/message-queue.md, "Backpressure").
   */
  NOTIFICATION_QUEUE_MAX_LENGTH: env.nonNegativeInt(DEFAULT_NOTIFICATIONS_SEND_BOUND.maxLength, 'messages'),
  /**
   * Fault injection for tutorials and tests: "sending" to these recipients fails (a retriable error), so a
   * job that always fails can be watched going through the retries into the DLQ. Fix the cause by
   * restarting without the variable, then `POST /dlq/redrive`. Leave it empty in real use.
   */
  NOTIFICATION_FAIL_RECIPIENTS: recipientList(),
});

export type NotificationConfig = z.infer<typeof notificationConfigSchema>;
