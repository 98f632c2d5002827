/**
 * A bound on a queue's length: past `maxLength` ready messages the broker refuses new ones
 * (`x-overflow: reject-publish`) — a publisher with confirms gets a nack and keeps its message (the
 * outbox row stays PENDING and the relay backs off), instead of the broker dropping the oldest message
 * (`drop-head`, the default) or growing until its memory alarm blocks every publisher.
 * `maxLength: 0` = no bound. Messages waiting in `<queue>.retry` do not count.
 */
export interface QueueBound {
  maxLength: number;
}

/**
 * `notifications.send`'s bound when nobody configured one: what notification-service declares by default
 * (NOTIFICATION_QUEUE_MAX_LENGTH) and what another process declares when it creates the queue first.
 */
export const DEFAULT_NOTIFICATIONS_SEND_BOUND: Readonly<QueueBound> = Object.freeze({ maxLength: 50_000 });

/** The queue arguments of a bound (none for no bound or `maxLength: 0`). */
export function boundArguments(bound: QueueBound | undefined): Record<string, unknown> {
  if (bound === undefined || bound.maxLength === 0) return {};
  if (!Number.isInteger(bound.maxLength) || bound.maxLength < 0)
    throw new RangeError(`maxLength must be an integer ≥ 0; got ${String(bound.maxLength)}.`);
  return { 'x-max-length': bound.maxLength, 'x-overflow': 'reject-publish' };
}
