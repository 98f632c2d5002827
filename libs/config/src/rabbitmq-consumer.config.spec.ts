import { z } from 'zod';

import { ConfigError } from './config-error';
import { loadConfig } from './load-config';
import { rabbitMqConsumerConfigFields, rabbitMqConsumerSettings } from './rabbitmq-consumer.config';

const schema = z.object(
  rabbitMqConsumerConfigFields('JOBS', {
    prefetch: 20,
    maxAttempts: 5,
    retryBaseMs: 500,
    retryMaxMs: 30_000,
  }),
);

describe('RabbitMQ consumer config', () => {
  it('names its variables after the consumer, with the given defaults', () => {
    const config = loadConfig(schema, {});
    expect(config).toEqual({
      JOBS_PREFETCH: 20,
      JOBS_MAX_ATTEMPTS: 5,
      JOBS_RETRY_BASE_MS: 500,
      JOBS_RETRY_MAX_MS: 30_000,
    });
    expect(rabbitMqConsumerSettings(config, 'JOBS')).toEqual({
      prefetch: 20,
      retry: { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, jitter: 0.2 },
    });
  });

  it('reads the environment and refuses a maximum below the base, naming both', () => {
    const config = loadConfig(schema, {
      JOBS_PREFETCH: '3',
      JOBS_RETRY_BASE_MS: '2000',
      JOBS_RETRY_MAX_MS: '1000',
    });
    expect(config.JOBS_PREFETCH).toBe(3);
    expect(() => rabbitMqConsumerSettings(config, 'JOBS')).toThrow(ConfigError);
    expect(() => rabbitMqConsumerSettings(config, 'JOBS')).toThrow(
      'JOBS_RETRY_MAX_MS: expected at least JOBS_RETRY_BASE_MS (2000)',
    );
  });

  it('refuses a prefetch that is not a positive integer', () => {
    expect(() => loadConfig(schema, { JOBS_PREFETCH: '0' })).toThrow(
      'JOBS_PREFETCH: expected a positive integer',
    );
  });
});
