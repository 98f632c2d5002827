import { infrastructureConfigSchema, loadConfig } from '@commlab/config';
import { Logger } from '@nestjs/common';

import { setUpCommand } from '../common/command-setup';
import type { CommandIo } from '../start/command-io';
import { BURST_USAGE, BurstUsageError, parseBurstArgs } from './burst-args';
import { formatRabbitResult, formatRedisResult } from './burst-report';
import { runRabbitMqBurst } from './burst-rabbitmq';
import { runRedisBurst } from './burst-redis';

export { BURST_USAGE } from './burst-args';

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

/**
 * `pnpm burst`: the same burst of messages to a slow consumer over a bounded RabbitMQ queue (the producer
 * is slowed, nothing is lost) and over Redis Pub/Sub (the producer is never slowed, the subscriber loses
 * what it could not take). Exit code 1 when the RabbitMQ side lost or duplicated a message.
 */
export async function burstCommand(
  io: CommandIo,
  argv: readonly string[],
  signal: AbortSignal,
): Promise<number> {
  const setUp = setUpCommand(io, {
    name: 'burst',
    usage: BURST_USAGE,
    usageError: BurstUsageError,
    parse: () => parseBurstArgs(argv),
    settings: () => loadConfig(infrastructureConfigSchema.pick({ RABBITMQ_URL: true, DATABASE_URL: true })),
  });
  if (typeof setUp === 'number') return setUp;
  const { args, settings } = setUp;
  // The relay's RabbitMQ client is NestJS's, which logs its connection through Nest's Logger: this
  // process runs no Nest app, and the line would land in the middle of the report.
  Logger.overrideLogger(false);
  io.out(
    `commlab burst: ${String(args.orders)} messages to a consumer taking ${String(args.workMs)} ms each ` +
      `(${String(args.prefetch)} held at most)`,
  );
  let code = 0;
  const report: string[] = [];
  if (args.only !== 'redis') {
    try {
      const result = await runRabbitMqBurst(
        settings.RABBITMQ_URL,
        settings.DATABASE_URL,
        args,
        io.out,
        signal,
      );
      report.push(...formatRabbitResult(result));
      if (result.lost > 0 || result.duplicates > 0) code = 1;
    } catch (error) {
      io.err(
        `commlab burst: the RabbitMQ side failed (${reasonOf(error)}). Is RabbitMQ running at RABBITMQ_URL?`,
      );
      return 1;
    }
  }
  if (args.only !== 'rabbitmq') {
    try {
      report.push(...formatRedisResult(await runRedisBurst(args, io.out, signal)));
    } catch (error) {
      io.err(`commlab burst: the Redis side failed (${reasonOf(error)})`);
      return 1;
    }
  }
  io.out('');
  for (const line of report) io.out(line);
  return code;
}
