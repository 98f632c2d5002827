import { z } from 'zod';

import {
  bookkeepingConfigFields,
  bookkeepingSettings,
  inboxBookkeepingConfigFields,
} from './bookkeeping.config';
import { ConfigError } from './config-error';

describe('bookkeepingSettings', () => {
  it('defaults to one hour of sent outbox rows, seven days of inbox rows, a run a minute', () => {
    const config = z.object(bookkeepingConfigFields).parse({});
    expect(bookkeepingSettings(config)).toEqual({
      outboxRetentionMs: 3_600_000,
      inboxRetentionMs: 604_800_000,
      intervalMs: 60_000,
    });
  });

  it('has no outbox window for a service with an inbox only', () => {
    const config = z.object(inboxBookkeepingConfigFields).parse({ INBOX_RETENTION_MS: '120000' });
    expect(bookkeepingSettings(config)).toEqual({ inboxRetentionMs: 120_000, intervalMs: 60_000 });
  });

  it('refuses an inbox window under a minute, naming the variable', () => {
    const config = z.object(bookkeepingConfigFields).parse({ INBOX_RETENTION_MS: '5000' });
    expect(() => bookkeepingSettings(config)).toThrow(ConfigError);
    expect(() => bookkeepingSettings(config)).toThrow(/INBOX_RETENTION_MS: expected at least 60000/);
  });
});
