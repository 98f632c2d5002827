import { env, infrastructureConfigSchema } from '@commlab/config';
import { PORTS } from '@commlab/contracts';
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

/** notification-service's variables, on top of the shared infrastructure ones. */
export const notificationConfigSchema = infrastructureConfigSchema.extend({
  NOTIFICATION_HTTP_PORT: env.port(PORTS.notification.http),
  /** PGlite directory, used when DATABASE_URL is unset. */
  NOTIFICATION_DATA_DIR: env.path('.data/notification-service'),
  /**
   * Unacknowledged messages RabbitMQ hands one consumer (per queue) before it waits for acks. Every job is
   * one short database transaction, so 20 keeps the consumer busy across the round trips (ack, commit)
   * while bounding what a crash puts back on the queue and how unevenly competing consumers share it: a
   * prefetch of 1 starves a fast consumer, an unbounded one lets the first consumer hoard the queue.
   */
  NOTIFICATION_PREFETCH: env.positiveInt(20, 'messages'),
  /** Attempts of one job (the first delivery included) before it is dead-lettered to `<queue>.dlq`. */
  NOTIFICATION_MAX_ATTEMPTS: env.positiveInt(5, 'attempts'),
  /**
   * Wait before the 2nd attempt (in `<queue>.retry`, survives restarts); doubles each time, capped by
   * NOTIFICATION_RETRY_MAX_MS.
   */
  NOTIFICATION_RETRY_BASE_MS: env.durationMs(1_000),
  NOTIFICATION_RETRY_MAX_MS: env.durationMs(30_000),
  /**
   * Fault injection for tutorials and tests: "sending" to these recipients fails (a retriable error), so a
   * job that always fails can be watched going through the retries into the DLQ. Fix the cause by
   * restarting without the variable, then `POST /dlq/redrive`. Leave it empty in real use.
   */
  NOTIFICATION_FAIL_RECIPIENTS: recipientList(),
});

export type NotificationConfig = z.infer<typeof notificationConfigSchema>;
