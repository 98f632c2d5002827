export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

export const LOG_LEVELS = Object.keys(RANK) as LogLevel[];

export interface Logger {
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
  readonly debugEnabled: boolean;
}

/** Line logger to stderr, prefixed with the time and "kafka-lite". */
export function createLogger(
  level: LogLevel,
  sink: (line: string) => void = (l) => process.stderr.write(l),
): Logger {
  const at = RANK[level];
  const line =
    (lvl: LogLevel) =>
    (msg: string): void => {
      if (RANK[lvl] <= at) sink(`${new Date().toISOString()} kafka-lite ${lvl}: ${msg}\n`);
    };
  return {
    error: line('error'),
    warn: line('warn'),
    info: line('info'),
    debug: line('debug'),
    debugEnabled: at >= RANK.debug,
  };
}
