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
 * The arguments of `<queue>.retry`: its expired messages go back to `<queue>` by broker dead-lettering.
 * - `keepsRefused` false: a classic queue. Its dead-lettering is at-most-once, which is enough for a
 *   queue that never refuses a message.
 * - `keepsRefused` true, for a queue that can refuse (a bound with `x-overflow: reject-publish`): a
 *   quorum queue with at-least-once dead-lettering (RabbitMQ 3.10+; it requires `reject-publish` on the
 *   retry queue itself, which has no bound, so it refuses nothing). A retry that expires while `<queue>`
 *   is full is kept, not dropped, and is offered again until `<queue>` takes it. The broker retries every
 *   `dead_letter_worker_publisher_confirm_timeout` (180 s by default), so such a retry can come back up
 *   to 3 minutes after room is made. While kept, it counts in no queue's ready messages.
 */
export function retryQueueArguments(queue: string, keepsRefused: boolean): Record<string, unknown> {
  const back = { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': queue };
  if (!keepsRefused) return back;
  return {
    'x-queue-type': 'quorum',
    'x-dead-letter-strategy': 'at-least-once',
    'x-overflow': 'reject-publish',
    ...back,
  };
}

/**
 * Makes sure `retry` can be declared with `args` on `channel` (true), declaring it on a channel of its
 * own first: a refusal (406) closes the channel it happened on. A retry queue from before commlab kept
 * refused retries is a classic queue, and RabbitMQ cannot change a queue's type. When it is empty it is
 * deleted (`if-empty`, atomic on the broker) and declared anew. When it still holds retries it is left
 * as it is (false), with a process warning; the next start replaces it once it has drained.
 */
async function replaceClassicRetryQueue(
  channel: Channel,
  retry: string,
  args: Record<string, unknown>,
): Promise<boolean> {
  const declare = (probe: Channel) => probe.assertQueue(retry, { durable: true, arguments: args });
  if (await succeedsOnProbe(channel, declare, 406)) return true;
  const deleteIfEmpty = (probe: Channel) => probe.deleteQueue(retry, { ifEmpty: true });
  if (await succeedsOnProbe(channel, deleteIfEmpty, 406)) return true;
  process.emitWarning(
    `RabbitMQ queue ${retry} is a classic queue that still holds retries, so it is left as it is: a retry ` +
      'that comes back while its work queue is full can be dropped by the broker. It is replaced by a ' +
      'quorum queue that keeps such retries at the first start after it has drained (pnpm queues).',
    { code: 'COMMLAB_RABBITMQ_RETRY_QUEUE_NOT_REPLACED' },
  );
  return false;
}

/**
 * Runs `operation` on a new channel of `channel`'s connection, since a refusal closes the channel it
 * happened on: true when done, false when the broker answered `refusal` (404 not found, 406 precondition
 * failed). Any other error is thrown.
 */
async function succeedsOnProbe(
  channel: Channel,
  operation: (probe: Channel) => Promise<unknown>,
  refusal: 404 | 406,
): Promise<boolean> {
  const probe = await siblingChannel(channel);
  try {
    await operation(probe);
    await probe.close();
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === refusal) return false;
    await probe.close().catch(() => undefined);
    throw error;
  }
}

/**
 * A durable work queue with retry and dead-letter companions:
 * - `<queue>`: rejected messages (`nack` without requeue — e.g. NestJS's answer to an unknown pattern)
 *   are dead-lettered by the broker through `commlab.dlx` (routing key = queue name) to `<queue>.dlq`;
 * - `<queue>.retry`: no consumer; a message published there with a per-message `expiration` waits that
 *   long, then the broker dead-letters it back to `<queue>` through the default exchange. It survives a
 *   restart of every process (durable queue, persistent messages). RabbitMQ expires messages only at the
 *   head of a queue, so a short delay can wait behind a longer one: delays are a lower bound. For a queue
 *   declared with a `bound`, a quorum queue that keeps a retry `<queue>` refuses (see retryQueueArguments);
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
  const keepsRefused = bound !== undefined;
  const retry = { durable: true, arguments: retryQueueArguments(work.queue, keepsRefused) };
  if (!keepsRefused || (await replaceClassicRetryQueue(channel, work.retry, retry.arguments)))
    await channel.assertQueue(work.retry, retry);
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

/** True when the queue exists (a passive declare, on a channel of its own). */
function queueExists(channel: Channel, queue: string): Promise<boolean> {
  return succeedsOnProbe(channel, (probe) => probe.checkQueue(queue), 404);
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
