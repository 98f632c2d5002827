import { parseArgs } from 'node:util';

import { parseWatchSeconds } from '../common/watch-ticks';

export interface QueuesArgs {
  /** Reprint every this many seconds until Ctrl-C; undefined = print once and exit. */
  watchSeconds?: number;
  help: boolean;
}

export const QUEUES_USAGE = `usage: pnpm queues [--watch SECONDS]

Prints every RabbitMQ queue of commlab's topology — the work queues with their .retry and .dlq
companions, the RPC queue and the subscriber queues of commlab.events — with the messages ready in it
and the consumers attached. A queue that does not exist yet (nothing declared it) shows —.
Reads RABBITMQ_URL (default amqp://guest:guest@127.0.0.1:5672); no management plugin needed.

  --watch SECONDS  print one line every SECONDS (e.g. 2 or 0.5) until Ctrl-C: ready/consumers per queue,
                   the .retry and .dlq companions only when messages wait in them`;

/** Thrown for a bad command line; the message is meant for the user. */
export class QueuesUsageError extends Error {}

export function parseQueuesArgs(argv: readonly string[]): QueuesArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        watch: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new QueuesUsageError(error instanceof Error ? error.message : String(error));
  }
  let watchSeconds: number | undefined;
  if (values.watch !== undefined) {
    watchSeconds = parseWatchSeconds(values.watch);
    if (watchSeconds === undefined)
      throw new QueuesUsageError(
        `--watch takes a number of seconds from 0.1 to 3600; got ${JSON.stringify(values.watch)}`,
      );
  }
  return { ...(watchSeconds === undefined ? {} : { watchSeconds }), help: values.help ?? false };
}
