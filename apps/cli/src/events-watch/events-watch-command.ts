import { infrastructureConfigSchema, loadConfig } from '@commlab/config';

import { setUpCommand } from '../common/command-setup';
import type { CommandIo } from '../start/command-io';
import { EVENTS_WATCH_USAGE, EventsWatchUsageError, parseEventsWatchArgs } from './events-watch-args';
import { formatWatchedEvent, startEventsWatcher } from './events-watcher';

/** `pnpm events:watch`: a subscriber of commlab.events that prints every matching event. Runs until Ctrl-C. */
export async function eventsWatchCommand(
  io: CommandIo,
  argv: readonly string[],
  stopSignal: () => AbortSignal,
): Promise<number> {
  const setUp = setUpCommand(io, {
    name: 'events-watch',
    usage: EVENTS_WATCH_USAGE,
    usageError: EventsWatchUsageError,
    parse: () => parseEventsWatchArgs(argv),
    settings: () => loadConfig(infrastructureConfigSchema.pick({ RABBITMQ_URL: true })).RABBITMQ_URL,
  });
  if (typeof setUp === 'number') return setUp;
  const { args, settings: url } = setUp;
  const signal = stopSignal();
  let watcher;
  try {
    watcher = await startEventsWatcher({
      url,
      patterns: args.patterns,
      ...(args.queue === undefined ? {} : { queue: args.queue }),
      onEvent: (event) => {
        io.out(formatWatchedEvent(event));
      },
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    io.err(
      `commlab events-watch: cannot subscribe on RabbitMQ (${reason}). Is RabbitMQ running at RABBITMQ_URL? ` +
        '(pnpm start needs it too; sudo apt-get install rabbitmq-server)',
    );
    return 1;
  }
  const kind = args.queue === undefined ? 'transient queue' : `durable queue ${watcher.queue}`;
  io.out(`commlab events-watch: commlab.events ${args.patterns.join(' ')} → ${kind}; Ctrl-C to stop`);
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else
      signal.addEventListener(
        'abort',
        () => {
          resolve();
        },
        { once: true },
      );
  });
  await watcher.close();
  return 0;
}
