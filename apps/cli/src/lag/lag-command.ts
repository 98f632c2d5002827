import { infrastructureConfigSchema, loadConfig } from '@commlab/config';
import { connectLagAdmin, readConsumerLag } from '@commlab/stack-ops';
import type { Admin } from 'kafkajs';

import { setUpCommand } from '../common/command-setup';
import { clockTime, repeatUntilStopped } from '../common/watch-ticks';
import type { CommandIo } from '../start/command-io';
import { LAG_USAGE, LagUsageError, parseLagArgs } from './lag-args';
import { formatLagLine, formatLagTable } from './lag-format';

export { LAG_USAGE } from './lag-args';

const HOW_TO_START = 'Is pnpm start (kafka-lite) running? (or the broker alone: pnpm kafka-lite)';

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

/**
 * `pnpm lag`: a Kafka consumer group's committed offsets, high watermarks and lag per partition, read
 * from the broker (works while the group's consumers are stopped) — once, or every N seconds with
 * --watch until Ctrl-C.
 */
export async function lagCommand(
  io: CommandIo,
  argv: readonly string[],
  stopSignal: () => AbortSignal,
): Promise<number> {
  const setUp = setUpCommand(io, {
    name: 'lag',
    usage: LAG_USAGE,
    usageError: LagUsageError,
    parse: () => parseLagArgs(argv),
    settings: () => loadConfig(infrastructureConfigSchema.pick({ KAFKA_BROKERS: true })).KAFKA_BROKERS,
  });
  if (typeof setUp === 'number') return setUp;
  const { args, settings: brokers } = setUp;
  const { group, topics } = args;
  let admin: Admin;
  try {
    admin = await connectLagAdmin(brokers);
  } catch (error) {
    io.err(`commlab lag: cannot reach Kafka at ${brokers.join(',')} (${reasonOf(error)}). ${HOW_TO_START}`);
    return 1;
  }

  if (args.watchSeconds === undefined) {
    try {
      for (const line of formatLagTable(await readConsumerLag(admin, group, topics), brokers)) io.out(line);
      return 0;
    } catch (error) {
      io.err(`commlab lag: reading the offsets of ${group} failed (${reasonOf(error)}). ${HOW_TO_START}`);
      return 1;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  // Watch: a failed read is reported on its line; the next tick reconnects.
  const session: { admin?: Admin } = { admin };
  io.out(
    `commlab lag: consumer group ${group} on ${topics.join(', ')} (${brokers.join(',')}) every ` +
      `${String(args.watchSeconds)} s; per partition p:lag; Ctrl-C to stop`,
  );
  await repeatUntilStopped(args.watchSeconds * 1000, stopSignal(), async () => {
    try {
      session.admin ??= await connectLagAdmin(brokers);
      io.out(formatLagLine(new Date(), await readConsumerLag(session.admin, group, topics)));
    } catch (error) {
      io.out(`${clockTime(new Date())}  Kafka unreachable (${reasonOf(error)}); retrying`);
      await session.admin?.disconnect().catch(() => undefined);
      delete session.admin;
    }
  });
  await session.admin?.disconnect().catch(() => undefined);
  return 0;
}
