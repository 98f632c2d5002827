import { parseArgs } from 'node:util';
import type { KafkaLiteOptions } from './broker-options';
import { LOG_LEVELS, type LogLevel } from './server/logger';

export const USAGE =
  'usage: kafka-lite [--host 127.0.0.1] [--port 9092] [--data-dir DIR] [--fsync] [--partitions N] ' +
  '[--retention-ms MS] [--retention-bytes N] [--message-max-bytes N] [--max-frame-bytes N] ' +
  '[--max-buffered-bytes N] [--connections-max-idle-ms MS] [--group-initial-rebalance-delay-ms MS] ' +
  '[--group-min-session-timeout-ms MS] [--group-max-session-timeout-ms MS] ' +
  '[--log-level silent|error|warn|info|debug]';

export class UsageError extends Error {
  readonly code = 'USAGE';
}

const INT32_MAX = 2_147_483_647;

function integer(name: string, raw: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(raw)) throw new UsageError(`--${name} must be an integer, got '${raw}'`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** Integer flags: option name, flag name, smallest and largest value (-1 = none, where allowed). */
const INTEGER_FLAGS = [
  ['retentionMs', 'retention-ms', -1, Number.MAX_SAFE_INTEGER],
  ['retentionBytes', 'retention-bytes', -1, Number.MAX_SAFE_INTEGER],
  ['messageMaxBytes', 'message-max-bytes', 0, INT32_MAX],
  ['maxFrameBytes', 'max-frame-bytes', 64, INT32_MAX],
  ['maxBufferedBytes', 'max-buffered-bytes', 64, Number.MAX_SAFE_INTEGER],
  ['connectionsMaxIdleMs', 'connections-max-idle-ms', 1, Number.MAX_SAFE_INTEGER],
  ['groupInitialRebalanceDelayMs', 'group-initial-rebalance-delay-ms', 0, INT32_MAX],
  ['groupMinSessionTimeoutMs', 'group-min-session-timeout-ms', 1, INT32_MAX],
  ['groupMaxSessionTimeoutMs', 'group-max-session-timeout-ms', 1, INT32_MAX],
] as const satisfies readonly [keyof KafkaLiteOptions, string, number, number][];

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
        fsync: { type: 'boolean' },
        partitions: { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(INTEGER_FLAGS.map(([, flag]) => [flag, { type: 'string' as const }])),
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const logLevel = values['log-level'] ?? 'info';
  if (!(LOG_LEVELS as string[]).includes(logLevel)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  }
  const options: KafkaLiteOptions & { help: boolean } = {
    help: values.help ?? false,
    host: values.host ?? '127.0.0.1',
    port: integer('port', values.port ?? '9092', 0, 65535),
    dataDir: values['data-dir'],
    defaultPartitions: integer('partitions', values.partitions ?? '1', 1, 10_000),
    logLevel: logLevel as LogLevel,
  };
  if (values.fsync === true) options.fsync = true;
  const raw = values as Record<string, unknown>;
  for (const [option, flag, min, max] of INTEGER_FLAGS) {
    const value = raw[flag];
    if (typeof value === 'string') options[option] = integer(flag, value, min, max);
  }
  return options;
}
