import { parseArgs } from 'node:util';
import { LOG_LEVELS, type LogLevel } from './server/logger';
import type { KafkaLiteOptions } from './start-kafka-lite';

export const USAGE =
  'usage: kafka-lite [--host 127.0.0.1] [--port 9092] [--data-dir DIR] [--partitions N] [--log-level silent|error|warn|info|debug]';

export class UsageError extends Error {
  readonly code = 'USAGE';
}

function integer(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be an integer, got '${raw}'`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** Parses the CLI flags into broker options; throws UsageError with a one-line message. */
export function parseCliArgs(argv: string[]): KafkaLiteOptions & { help: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        partitions: { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const logLevel = values['log-level'] ?? 'info';
  if (!(LOG_LEVELS as string[]).includes(logLevel)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  }
  return {
    help: values.help ?? false,
    host: values.host ?? '127.0.0.1',
    port: integer('port', values.port ?? '9092', 0, 65535),
    dataDir: values['data-dir'],
    defaultPartitions: integer('partitions', values.partitions ?? '1', 1, 10_000),
    logLevel: logLevel as LogLevel,
  };
}
