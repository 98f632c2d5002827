import {
  deadLetterQueue,
  RABBITMQ_EXCHANGES,
  RABBITMQ_QUEUES,
  RABBITMQ_SUBSCRIPTIONS,
  retryQueue,
} from '@commlab/contracts';
import type { Channel } from 'amqplib';

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
 * Asserting is idempotent; an existing queue with other arguments fails with PRECONDITION_FAILED.
 */
export async function assertWorkQueue(
  channel: Channel,
  queue: string,
  names: TopologyNames = DEFAULT_NAMES,
): Promise<WorkQueueNames> {
  const work = workQueueNames(queue);
  await channel.assertExchange(names.deadLetterExchange, 'direct', { durable: true });
  await channel.assertQueue(work.queue, {
    durable: true,
    arguments: {
      'x-dead-letter-exchange': names.deadLetterExchange,
      'x-dead-letter-routing-key': work.queue,
    },
  });
  await channel.assertQueue(work.retry, {
    durable: true,
    arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': work.queue },
  });
  await channel.assertQueue(work.deadLetter, { durable: true });
  await channel.bindQueue(work.deadLetter, names.deadLetterExchange, work.queue);
  return work;
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

/**
 * Every RabbitMQ name of libs/contracts (docs/architecture.md, "Names"): both exchanges, the two work queues, the RPC queue, and the subscriber
 * queues of RABBITMQ_SUBSCRIPTIONS. Publishers assert it too, so an event published before its
 * subscriber ever started still waits in the subscriber's queue.
 */
export async function assertCommlabTopology(channel: Channel): Promise<void> {
  await assertExchanges(channel);
  await assertWorkQueue(channel, RABBITMQ_QUEUES.notificationsSend);
  await assertWorkQueue(channel, RABBITMQ_QUEUES.inventoryCommands);
  await channel.assertQueue(RABBITMQ_QUEUES.inventoryRpc, { durable: true });
  for (const { queue, patterns } of Object.values(RABBITMQ_SUBSCRIPTIONS)) {
    await assertSubscriberQueue(channel, queue, patterns);
  }
}
