import { parseArgs } from 'node:util';

import { KAFKA_CONSUMER_GROUPS, KAFKA_GROUP_TOPICS } from '@commlab/contracts';

import { parseWatchSeconds } from '../common/watch-ticks';

export interface LagArgs {
  group: string;
  topics: string[];
  /** Reprint every this many seconds until Ctrl-C; undefined = print once and exit. */
  watchSeconds?: number;
  help: boolean;
}

/** reporting-service's consumer group: the default of `pnpm lag`. */
export const DEFAULT_LAG_GROUP = KAFKA_CONSUMER_GROUPS.reporting;
/** The topics of commlab's groups (KAFKA_GROUP_TOPICS); a group of someone else's reads reporting's. */
const GROUP_TOPICS: Readonly<Record<string, readonly string[] | undefined>> = KAFKA_GROUP_TOPICS;
export const DEFAULT_LAG_TOPICS: readonly string[] = KAFKA_GROUP_TOPICS[DEFAULT_LAG_GROUP];
const GROUP_LIST = Object.entries(KAFKA_GROUP_TOPICS)
  .map(([group, topics]) => `                     ${group}: ${topics.join(', ')}`)
  .join('\n');

export const LAG_USAGE = `usage: pnpm lag [--group G] [--topic T]… [--watch SECONDS]

Prints where a Kafka consumer group stands, from the broker itself (it works while the group's
consumers are stopped): per topic partition the committed offset, the high watermark and the lag
between them, and the total lag. — = nothing committed yet: the lag counts from the log start.
Reads KAFKA_BROKERS (default 127.0.0.1:9092).

  --group G        consumer group (default ${DEFAULT_LAG_GROUP}, reporting-service's); commlab's groups and
                   the topics each reads:
${GROUP_LIST}
  --topic T        topic the group reads (repeatable; default: the topics of a commlab group above,
                   for any other group ${DEFAULT_LAG_TOPICS.join(' and ')})
  --watch SECONDS  print one line every SECONDS (e.g. 2 or 0.5) until Ctrl-C: the total lag and the
                   lag of every partition`;

/** Thrown for a bad command line; the message is meant for the user. */
export class LagUsageError extends Error {}

/** Kafka's legal group and topic names. */
const KAFKA_NAME = /^[A-Za-z0-9._-]{1,249}$/;

export function parseLagArgs(argv: readonly string[]): LagArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        group: { type: 'string' },
        topic: { type: 'string', multiple: true },
        watch: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new LagUsageError(error instanceof Error ? error.message : String(error));
  }
  const group = values.group ?? DEFAULT_LAG_GROUP;
  if (!KAFKA_NAME.test(group))
    throw new LagUsageError(
      `--group must be letters, digits, '.', '_' and '-'; got ${JSON.stringify(group)}`,
    );
  const topics = [...new Set(values.topic ?? GROUP_TOPICS[group] ?? DEFAULT_LAG_TOPICS)];
  for (const topic of topics) {
    if (!KAFKA_NAME.test(topic) || topic === '.' || topic === '..')
      throw new LagUsageError(
        `--topic must be letters, digits, '.', '_' and '-'; got ${JSON.stringify(topic)}`,
      );
  }
  let watchSeconds: number | undefined;
  if (values.watch !== undefined) {
    watchSeconds = parseWatchSeconds(values.watch);
    if (watchSeconds === undefined)
      throw new LagUsageError(
        `--watch takes a number of seconds from 0.1 to 3600; got ${JSON.stringify(values.watch)}`,
      );
  }
  return {
    group,
    topics,
    ...(watchSeconds === undefined ? {} : { watchSeconds }),
    help: values.help ?? false,
  };
}
