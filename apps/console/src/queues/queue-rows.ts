import { RABBITMQ_SUBSCRIPTIONS } from '@commlab/contracts';
import type { QueueDepths, WatchedQueue } from '@commlab/stack-ops';

import type { QueueRole, QueueRow } from '../common/api';

/** [epoch ms, depths] samples, oldest first. */
export type DepthSamples = [number, QueueDepths][];

const SUBSCRIBER_QUEUES: readonly string[] = Object.values(RABBITMQ_SUBSCRIPTIONS).map(({ queue }) => queue);
/** The net rate compares the newest sample with the one at least this much older. */
const RATE_SPAN_MS = 10_000;

function rowNames(queue: WatchedQueue): { name: string; role: QueueRole; of?: string }[] {
  const main: QueueRole =
    queue.retry === undefined && queue.deadLetter === undefined
      ? 'rpc'
      : SUBSCRIBER_QUEUES.includes(queue.name)
        ? 'subscriber'
        : 'work';
  return [
    { name: queue.name, role: main },
    ...(queue.retry === undefined ? [] : [{ name: queue.retry, role: 'retry' as const, of: queue.name }]),
    ...(queue.deadLetter === undefined
      ? []
      : [{ name: queue.deadLetter, role: 'dead-letter' as const, of: queue.name }]),
  ];
}

/**
 * The queues view's rows from depth samples: each queue with its companions, what is in it now, how
 * fast that changes (published minus consumed, per second) and its history.
 */
export function queueRows(queues: readonly WatchedQueue[], samples: DepthSamples): QueueRow[] {
  const newest = samples.at(-1);
  return queues.flatMap(rowNames).map(({ name, role, of }) => {
    const depth = newest?.[1].get(name);
    const history = samples.flatMap(([at, depths]): [number, number][] => {
      const ready = depths.get(name)?.ready;
      return ready === undefined ? [] : [[at, ready]];
    });
    const last = history.at(-1);
    const earlier = last === undefined ? undefined : history.findLast(([at]) => last[0] - at >= RATE_SPAN_MS);
    const netPerSecond =
      last === undefined || earlier === undefined
        ? null
        : Math.round(((last[1] - earlier[1]) / ((last[0] - earlier[0]) / 1000)) * 100) / 100;
    return {
      name,
      role,
      ...(of === undefined ? {} : { of }),
      ready: depth?.ready ?? null,
      consumers: depth?.consumers ?? null,
      netPerSecond,
      history,
    };
  });
}
