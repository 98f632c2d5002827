import {
  deadLetterQueue,
  RABBITMQ_EXCHANGES,
  RABBITMQ_QUEUES,
  RABBITMQ_SUBSCRIPTIONS,
  retryQueue,
} from '@commlab/contracts';
import type { Channel } from 'amqplib';

import { QueueArgumentsMismatchError } from './queue-arguments-mismatch-error';
import { boundArguments, DEFAULT_NOTIFICATIONS_SEND_BOUND, type QueueBound } from './queue-bound';

/** A work queue and its two companions. */
export interface WorkQueueNames {
  /** Where jobs are consumed (competing consumers). */
  queue: string;
  /** Parking for jobs waiting to be retried: each waits its own TTL, then goes back to `queue`. */
  retry: string;
  /** Where jobs end when they cannot be processed: they stay there until redriven. */
  deadLetter: string;
}

export function workQueueNames(queue: string): WorkQueueNames {
  return { queue, retry: retryQueue(queue), deadLetter: deadLetterQueue(queue) };
}

export interface TopologyNames {
  events: string;
  deadLetterExchange: string;
}

const DEFAULT_NAMES: TopologyNames = {
  events: RABBITMQ_EXCHANGES.events,
  deadLetterExchange: RABBITMQ_EXCHANGES.deadLetter,
};

/** The exchanges: `commlab.events` (topic, durable) and `commlab.dlx` (direct, durable). */
export async function assertExchanges(channel: Channel, names: TopologyNames = DEFAULT_NAMES): Promise<void> {
  await channel.assertExchange(names.events, 'topic', { durable: true });
  await channel.assertExchange(names.deadLetterExchange, 'direct', { durable: true });
}

/**
 * A durable work queue with retry and dead-letter companions:
 * - `<queue>`: rejected messages (`nack` without requeue — e.g. NestJS's answer to an unknown pattern)
 *   are dead-lettered by the broker through `commlab.dlx` (routing key = queue name) to `<queue>.dlq`;
 * - `<queue>.retry`: no consumer; a message published there with a per-message `expiration` waits that
 *   long, then the broker dead-letters it back to `<queue>` through the default exchange. It survives a
 *   restart of every process (durable queue, persistent messages). RabbitMQ expires messages only at the
 *   head of a queue, so a short delay can wait behind a longer one: delays are a lower bound;
 * - `<queue>.dlq`: bound to `commlab.dlx` with the queue's name; inspected and redriven by tools.
 * - `bound` (optional): `x-max-length` with `x-overflow: reject-publish` on `<queue>` (see QueueBound);
 *   `'leave-existing'` declares only the companions (the queue exists, declared by its owner).
 * Asserting is idempotent; an existing queue with other arguments fails with PRECONDITION_FAILED.
 */
export async function assertWorkQueue(
  channel: Channel,
  queue: string,
  names: TopologyNames = DEFAULT_NAMES,
  bound?: QueueBound | 'leave-existing',
): Promise<WorkQueueNames> {
  const work = workQueueNames(queue);
  await channel.assertExchange(names.deadLetterExchange, 'direct', { durable: true });
  if (bound !== 'leave-existing') {
    await channel.assertQueue(work.queue, {
      durable: true,
      arguments: {
        'x-dead-letter-exchange': names.deadLetterExchange,
        'x-dead-letter-routing-key': work.queue,
        ...boundArguments(bound),
      },
    });
  }
  await channel.assertQueue(work.retry, {
    durable: true,
    arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': work.queue },
  });
  await channel.assertQueue(work.deadLetter, { durable: true });
  await channel.bindQueue(work.deadLetter, names.deadLetterExchange, work.queue);
  return work;
}

/**
 * The topology of a tool or test with a work queue of its own (a `topology` option of the RabbitMQ
 * client, server or outbox publisher): that queue and its companions, none of the stack's.
 */
export function workQueueTopology(
  queue: string,
  names: TopologyNames,
  bound?: QueueBound,
): (channel: Channel) => Promise<void> {
  return async (channel) => {
    await assertWorkQueue(channel, queue, names, bound);
  };
}

/**
 * A durable subscriber of `commlab.events`: its own work queue (with retry and dead letters) bound to
 * the exchange with `patterns` (`order.*`, `order.placed`, `#`). Each subscriber queue gets its own copy
 * of every matching event, and keeps it while its consumer is down.
 */
export async function assertSubscriberQueue(
  channel: Channel,
  queue: string,
  patterns: readonly string[],
  names: TopologyNames = DEFAULT_NAMES,
): Promise<WorkQueueNames> {
  await assertExchanges(channel, names);
  const work = await assertWorkQueue(channel, queue, names);
  for (const pattern of patterns) await channel.bindQueue(work.queue, names.events, pattern);
  return work;
}

/** How a process declares commlab's topology. */
export interface CommlabTopologyOptions {
  /**
   * The bound of `notifications.send`, given only by its owner (notification-service, from
   * NOTIFICATION_QUEUE_MAX_LENGTH; `maxLength: 0` = unbounded): declared exactly so, and a queue that
   * exists with other arguments fails with QueueArgumentsMismatchError. Every other process leaves
   * an existing queue as it is (whatever its bound) and creates a missing one with
   * DEFAULT_NOTIFICATIONS_SEND_BOUND, so no process fails on a bound only the owner knows.
   */
  notificationsSend?: QueueBound;
}

/**
 * A second channel on `channel`'s connection. A topology setup gets only its channel (amqplib's, from
 * amqp-connection-manager), whose `connection` is amqplib's low-level one; amqplib's own `createChannel`
 * does exactly this: a new channel of the same class on that connection, opened.
 */
async function siblingChannel(channel: Channel): Promise<Channel> {
  const Sibling = channel.constructor as new (connection: unknown) => Channel & { open(): Promise<unknown> };
  const sibling = new Sibling(channel.connection);
  sibling.on('error', () => undefined);
  await sibling.open();
  return sibling;
}

/** True when the queue exists (a passive declare on a channel of its own: a 404 closes the channel). */
async function queueExists(channel: Channel, queue: string): Promise<boolean> {
  const probe = await siblingChannel(channel);
  try {
    await probe.checkQueue(queue);
    await probe.close();
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 404) return false;
    await probe.close().catch(() => undefined);
    throw error;
  }
}

async function assertNotificationsSend(channel: Channel, bound: QueueBound | undefined): Promise<void> {
  const queue = RABBITMQ_QUEUES.notificationsSend;
  if (bound === undefined) {
    const existing = (await queueExists(channel, queue))
      ? 'leave-existing'
      : DEFAULT_NOTIFICATIONS_SEND_BOUND;
    await assertWorkQueue(channel, queue, DEFAULT_NAMES, existing);
    return;
  }
  try {
    await assertWorkQueue(channel, queue, DEFAULT_NAMES, bound);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 406) throw error;
    throw new QueueArgumentsMismatchError(queue, bound, error);
  }
}

/**
 * Every RabbitMQ name of libs/contracts (docs/architecture.md, "Names"): both exchanges, the two work queues, the RPC queue, and the subscriber
 * queues of RABBITMQ_SUBSCRIPTIONS. Publishers assert it too, so an event published before its
 * subscriber ever started still waits in the subscriber's queue.
 */
export async function assertCommlabTopology(
  channel: Channel,
  options: CommlabTopologyOptions = {},
): Promise<void> {
  await assertExchanges(channel);
  await assertNotificationsSend(channel, options.notificationsSend);
  await assertWorkQueue(channel, RABBITMQ_QUEUES.inventoryCommands);
  await channel.assertQueue(RABBITMQ_QUEUES.inventoryRpc, { durable: true });
  for (const { queue, patterns } of Object.values(RABBITMQ_SUBSCRIPTIONS)) {
    await assertSubscriberQueue(channel, queue, patterns);
  }
}
