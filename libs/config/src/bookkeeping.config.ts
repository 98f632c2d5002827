import { ConfigError } from './config-error';
import { durationMs } from './fields';

const DAY_MS = 86_400_000;

/**
 * How long a service keeps its messaging bookkeeping. Spread `inboxBookkeepingConfigFields` (a service
 * with an inbox) or `bookkeepingConfigFields` (one with an outbox and an inbox) into the service schema,
 * then call `bookkeepingSettings(config)` at boot.
 *
 * - An inbox row is what deduplicates a redelivery: prune it and a message redelivered after that is
 *   processed again. Seven days is far longer than any broker here keeps a message unacknowledged or a
 *   consumer group is rewound in the tutorials.
 * - A SENT outbox row is only history once the broker has it (PENDING rows are never pruned): one hour
 *   leaves time to look at what was published.
 */
export const inboxBookkeepingConfigFields = {
  INBOX_RETENTION_MS: durationMs(7 * DAY_MS),
  /** How often the pruning job runs. */
  BOOKKEEPING_PRUNE_INTERVAL_MS: durationMs(60_000),
};

export const bookkeepingConfigFields = {
  ...inboxBookkeepingConfigFields,
  OUTBOX_RETENTION_MS: durationMs(3_600_000),
};

/** The pruner's windows; `outboxRetentionMs` only for a service with an outbox. */
export interface BookkeepingSettings {
  outboxRetentionMs?: number;
  inboxRetentionMs: number;
  intervalMs: number;
}

type BookkeepingConfig = { [K in keyof typeof inboxBookkeepingConfigFields]: number } & {
  OUTBOX_RETENTION_MS?: number;
};

/** The minimum inbox window: shorter would let a message redelivered within a minute run twice. */
const MIN_INBOX_RETENTION_MS = 60_000;

/** Checks the retention variables (ConfigError naming them) and returns the pruner's settings. */
export function bookkeepingSettings(config: BookkeepingConfig): BookkeepingSettings {
  if (config.INBOX_RETENTION_MS < MIN_INBOX_RETENTION_MS) {
    throw new ConfigError([
      {
        variable: 'INBOX_RETENTION_MS',
        expected: `at least ${String(MIN_INBOX_RETENTION_MS)} (a redelivery after the window is processed again)`,
        received: String(config.INBOX_RETENTION_MS),
      },
    ]);
  }
  return {
    ...(config.OUTBOX_RETENTION_MS === undefined ? {} : { outboxRetentionMs: config.OUTBOX_RETENTION_MS }),
    inboxRetentionMs: config.INBOX_RETENTION_MS,
    intervalMs: config.BOOKKEEPING_PRUNE_INTERVAL_MS,
  };
}
