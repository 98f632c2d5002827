import { ConfigError, loadConfig } from '@commlab/config';

import { DEV_WEBHOOK_SIGNING_SECRET, webhookConfigSchema, webhookSettings } from './webhook.config';
import { generateWebhookSecret } from './webhook-secret';

describe('webhook config', () => {
  it('defaults to the dev-only secret, and loopback only in development', () => {
    const dev = webhookSettings(loadConfig(webhookConfigSchema, {}));
    expect(dev).toMatchObject({
      secret: DEV_WEBHOOK_SIGNING_SECRET,
      usesDevSecret: true,
      policy: { allowLoopback: true, allowPrivate: false },
      timeoutMs: 5000,
      retry: { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 60_000, jitter: 0.2 },
      listenPort: 4000,
    });
    const prod = webhookSettings(loadConfig(webhookConfigSchema, { COMMLAB_ENV: 'production' }));
    expect(prod.policy).toEqual({ allowLoopback: false, allowPrivate: false });
  });

  it('takes explicit values', () => {
    const secret = generateWebhookSecret();
    const settings = webhookSettings(
      loadConfig(webhookConfigSchema, {
        COMMLAB_ENV: 'development',
        WEBHOOK_SIGNING_SECRET: secret,
        WEBHOOK_ALLOW_LOOPBACK: 'false',
        WEBHOOK_ALLOW_PRIVATE: 'true',
      }),
    );
    expect(settings).toMatchObject({
      secret,
      usesDevSecret: false,
      policy: { allowLoopback: false, allowPrivate: true },
    });
  });

  it('names a malformed secret without echoing it', () => {
    let error: unknown;
    try {
      loadConfig(webhookConfigSchema, { WEBHOOK_SIGNING_SECRET: 'hunter2' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(
      'WEBHOOK_SIGNING_SECRET: expected a Standard Webhooks secret',
    );
    expect((error as ConfigError).message).not.toContain('hunter2');
  });

  it('refuses a retry cap below the base delay', () => {
    expect(() =>
      webhookSettings(
        loadConfig(webhookConfigSchema, { WEBHOOK_RETRY_BASE_MS: '5000', WEBHOOK_RETRY_MAX_MS: '100' }),
      ),
    ).toThrow(ConfigError);
  });
});
