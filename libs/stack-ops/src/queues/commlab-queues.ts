import { RABBITMQ_QUEUES, RABBITMQ_SUBSCRIPTIONS } from '@commlab/contracts';
import { workQueueNames } from '@commlab/messaging-rabbitmq';

/** A queue a consumer reads, and the companions holding its retried and dead-lettered messages. */
export interface WatchedQueue {
  name: string;
  retry?: string;
  deadLetter?: string;
}

/**
 * The queues `assertCommlabTopology` declares, in the order a reader meets them: the two work queues,
 * the RPC queue (no companions: a failed RPC is answered, not retried), then every subscriber queue of
 * commlab.events.
 */
export function commlabQueues(): WatchedQueue[] {
  const withCompanions = (queue: string): WatchedQueue => {
    const names = workQueueNames(queue);
    return { name: names.queue, retry: names.retry, deadLetter: names.deadLetter };
  };
  return [
    withCompanions(RABBITMQ_QUEUES.notificationsSend),
    withCompanions(RABBITMQ_QUEUES.inventoryCommands),
    { name: RABBITMQ_QUEUES.inventoryRpc },
    ...Object.values(RABBITMQ_SUBSCRIPTIONS).map(({ queue }) => withCompanions(queue)),
  ];
}

/** Every queue name to check, companions right after their queue. */
export function allQueueNames(queues: readonly WatchedQueue[]): string[] {
  return queues.flatMap(({ name, retry, deadLetter }) => [
    name,
    ...(retry === undefined ? [] : [retry]),
    ...(deadLetter === undefined ? [] : [deadLetter]),
  ]);
}
