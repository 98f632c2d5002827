import { infrastructureConfigSchema, loadConfig } from '@commlab/config';

import type { CommandIo } from '../start/command-io';
import { allQueueNames, commlabQueues, openQueueInspector, type QueueInspector } from '@commlab/stack-ops';
import { QUEUES_USAGE, QueuesUsageError, parseQueuesArgs } from './queues-args';
import { formatQueuesLine, formatQueuesTable } from './queues-format';
import { setUpCommand } from '../common/command-setup';
import { clockTime, repeatUntilStopped } from '../common/watch-ticks';

export { QUEUES_USAGE } from './queues-args';

const HOW_TO_START =
  'Is RabbitMQ running at RABBITMQ_URL? (pnpm start needs it too; sudo apt-get install rabbitmq-server, ' +
  'then rabbitmq-server -detached)';

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

/** The URL without its password, for messages. */
function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@/]*@/, '$1***@');
}

/**
 * `pnpm queues`: how many messages wait in each of commlab's RabbitMQ queues and how many consumers
 * read them — once, or every N seconds with --watch until Ctrl-C. Read-only (passive declares).
 */
export async function queuesCommand(
  io: CommandIo,
  argv: readonly string[],
  stopSignal: () => AbortSignal,
): Promise<number> {
  const setUp = setUpCommand(io, {
    name: 'queues',
    usage: QUEUES_USAGE,
    usageError: QueuesUsageError,
    parse: () => parseQueuesArgs(argv),
    settings: () => loadConfig(infrastructureConfigSchema.pick({ RABBITMQ_URL: true })).RABBITMQ_URL,
  });
  if (typeof setUp === 'number') return setUp;
  const { args, settings: url } = setUp;

  const queues = commlabQueues();
  const names = allQueueNames(queues);
  let inspector: QueueInspector;
  try {
    inspector = await openQueueInspector(url);
  } catch (error) {
    io.err(
      `commlab queues: cannot connect to RabbitMQ at ${redactUrl(url)} (${reasonOf(error)}). ${HOW_TO_START}`,
    );
    return 1;
  }

  if (args.watchSeconds === undefined) {
    try {
      for (const line of formatQueuesTable(queues, await inspector.depths(names))) io.out(line);
      return 0;
    } catch (error) {
      io.err(`commlab queues: reading the queues failed (${reasonOf(error)}). ${HOW_TO_START}`);
      return 1;
    } finally {
      await inspector.close();
    }
  }

  // Watch: a lost connection is reported on its line and reopened on the next tick.
  const session: { inspector?: QueueInspector } = { inspector };
  io.out(
    `commlab queues: ready/consumers per queue every ${String(args.watchSeconds)} s on ${redactUrl(url)}; ` +
      '.retry/.dlq shown while messages wait there; Ctrl-C to stop',
  );
  await repeatUntilStopped(args.watchSeconds * 1000, stopSignal(), async () => {
    try {
      session.inspector ??= await openQueueInspector(url);
      io.out(formatQueuesLine(new Date(), queues, await session.inspector.depths(names)));
    } catch (error) {
      io.out(`${clockTime(new Date())}  RabbitMQ unreachable (${reasonOf(error)}); retrying`);
      await session.inspector?.close();
      delete session.inspector;
    }
  });
  await session.inspector?.close();
  return 0;
}
