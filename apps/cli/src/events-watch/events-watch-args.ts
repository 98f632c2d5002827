import { parseArgs } from 'node:util';

export interface EventsWatchArgs {
  patterns: string[];
  /** Durable queue name (`cli.<name>`), or undefined for a transient watcher. */
  queue?: string;
  help: boolean;
}

export const EVENTS_WATCH_USAGE = `usage: pnpm events:watch [--pattern P]… [--durable NAME]

Subscribes to the RabbitMQ topic exchange commlab.events and prints one line per event.

  --pattern P     routing-key pattern to bind (repeatable; default '#', every event), e.g. 'order.*'
  --durable NAME  use the durable queue cli.NAME: events published while the watcher is stopped wait
                  in it and are printed on the next start (default: a transient queue that goes away)`;

/** Thrown for a bad command line; the message is meant for the user. */
export class EventsWatchUsageError extends Error {}

const PATTERN = /^(?:[A-Za-z0-9_-]+|\*|#)(?:\.(?:[A-Za-z0-9_-]+|\*|#))*$/;
const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function parseEventsWatchArgs(argv: readonly string[]): EventsWatchArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        pattern: { type: 'string', multiple: true },
        durable: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new EventsWatchUsageError(error instanceof Error ? error.message : String(error));
  }
  const patterns = values.pattern ?? ['#'];
  for (const pattern of patterns) {
    if (!PATTERN.test(pattern)) {
      throw new EventsWatchUsageError(
        `--pattern must be dot-separated words, * or #; got ${JSON.stringify(pattern)}`,
      );
    }
  }
  if (values.durable !== undefined && !NAME.test(values.durable)) {
    throw new EventsWatchUsageError(
      `--durable must be lowercase letters, digits and dashes; got ${JSON.stringify(values.durable)}`,
    );
  }
  return {
    patterns,
    ...(values.durable === undefined ? {} : { queue: `cli.${values.durable}` }),
    help: values.help ?? false,
  };
}
