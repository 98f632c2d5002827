import { allQueueNames, type QueueDepths, type WatchedQueue } from '@commlab/stack-ops';
import { clockTime } from '../common/watch-ticks';

const MISSING = '—';

export const MISSING_QUEUE_NOTE =
  '— = the queue does not exist yet: pnpm start declares the topology (every publisher asserts it)';

/** The one-shot table: `queue  ready  consumers`, one row per queue, companions after their queue. */
export function formatQueuesTable(queues: readonly WatchedQueue[], depths: QueueDepths): string[] {
  const rows = allQueueNames(queues).map((name) => {
    const depth = depths.get(name);
    return depth === undefined
      ? [name, MISSING, MISSING]
      : [name, String(depth.ready), String(depth.consumers)];
  });
  const header = ['queue', 'ready', 'consumers'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = ([name = '', ready = '', consumers = '']: string[]) =>
    `${name.padEnd(widths[0] ?? 0)}  ${ready.padStart(widths[1] ?? 0)}  ${consumers.padStart(widths[2] ?? 0)}`;
  const lines = [line(header), ...rows.map(line)];
  if (rows.some((row) => row[1] === MISSING)) lines.push(MISSING_QUEUE_NOTE);
  return lines;
}

function waiting(label: string, name: string | undefined, depths: QueueDepths): string[] {
  if (name === undefined) return [];
  const ready = depths.get(name)?.ready ?? 0;
  return ready > 0 ? [`${label} ${String(ready)}`] : [];
}

/**
 * One `--watch` line: `HH:MM:SS  queue ready/consumers …`; a queue's .retry and .dlq companions are
 * added in parentheses only while messages wait in them, so the line stays short when all is well.
 */
export function formatQueuesLine(at: Date, queues: readonly WatchedQueue[], depths: QueueDepths): string {
  const parts = queues.map(({ name, retry, deadLetter }) => {
    const depth = depths.get(name);
    if (depth === undefined) return `${name} ${MISSING}`;
    const companions = [...waiting('retry', retry, depths), ...waiting('dlq', deadLetter, depths)];
    const extra = companions.length === 0 ? '' : ` (${companions.join(', ')})`;
    return `${name} ${String(depth.ready)}/${String(depth.consumers)}${extra}`;
  });
  return `${clockTime(at)}  ${parts.join('  ')}`;
}
