import { clockTime } from '../common/watch-ticks';
import type { GroupLag } from '@commlab/stack-ops';

const MISSING = '—';

export const NOTHING_COMMITTED_NOTE = '— = nothing committed yet: the lag counts from the log start';

function membersOf(lag: GroupLag): string {
  const count =
    lag.members === 0 ? 'no members' : `${String(lag.members)} member${lag.members === 1 ? '' : 's'}`;
  return `${count} (${lag.state})`;
}

/** The one-shot report: the group, a table of partitions, the total and what — means. */
export function formatLagTable(lag: GroupLag, brokers: readonly string[]): string[] {
  const lines = [`consumer group ${lag.group}: ${membersOf(lag)} on ${brokers.join(',')}`];
  const header = ['topic', 'partition', 'committed', 'high watermark', 'lag'];
  const rows = lag.topics.flatMap(({ topic, partitions }) =>
    partitions.map((entry) => [
      topic,
      String(entry.partition),
      entry.committed ?? MISSING,
      entry.highWatermark,
      String(entry.lag),
    ]),
  );
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  lines.push(line(header), ...rows.map(line));
  for (const { topic, exists } of lag.topics) {
    if (!exists) lines.push(`${topic}: no such topic (nothing created it yet)`);
  }
  lines.push(`total lag: ${String(lag.totalLag)}`);
  if (rows.some((row) => row[2] === MISSING)) lines.push(NOTHING_COMMITTED_NOTE);
  return lines;
}

/** One `--watch` line: `HH:MM:SS  total lag N  (orders 0:3 1:0 2:1, inventory 0:0 …)  no members (Empty)`. */
export function formatLagLine(at: Date, lag: GroupLag): string {
  const topics = lag.topics.map(({ topic, exists, partitions }) =>
    exists
      ? `${topic} ${partitions.map((entry) => `${String(entry.partition)}:${String(entry.lag)}`).join(' ')}`
      : `${topic} ${MISSING}`,
  );
  return `${clockTime(at)}  total lag ${String(lag.totalLag)}  (${topics.join(', ')})  ${membersOf(lag)}`;
}
