import { z } from 'zod';

import { ConfigError } from './config-error';
import { bool, durationMs, hostPortList, port, url } from './fields';
import { infrastructureConfigSchema, shouldSeedDemoData } from './infrastructure.config';
import { loadConfig } from './load-config';

const schema = z.object({
  ORDER_HTTP_PORT: port(3000),
  RABBITMQ_URL: url('amqp://guest:guest@127.0.0.1:5672', ['amqp:', 'amqps:']),
  KAFKA_BROKERS: hostPortList('127.0.0.1:9092'),
  DEADLINE_MS: durationMs(2000),
  SEED_DEMO_DATA: bool(true),
  WEBHOOK_SECRET: z.string().min(24).describe('a secret of at least 24 characters'),
});

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, but loadConfig returned');
}

describe('loadConfig', () => {
  it('applies defaults and coerces types', () => {
    const config = loadConfig(schema, {
      WEBHOOK_SECRET: 'x'.repeat(24),
      SEED_DEMO_DATA: 'no',
      KAFKA_BROKERS: 'a:1, b:2',
    });
    expect(config).toEqual({
      ORDER_HTTP_PORT: 3000,
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672',
      KAFKA_BROKERS: ['a:1', 'b:2'],
      DEADLINE_MS: 2000,
      SEED_DEMO_DATA: false,
      WEBHOOK_SECRET: 'x'.repeat(24),
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(schema, { ORDER_HTTP_PORT: '', WEBHOOK_SECRET: 'y'.repeat(30) }).ORDER_HTTP_PORT).toBe(
      3000,
    );
  });

  it('names every bad variable with what it expects and what it got', () => {
    const error = configError(() =>
      loadConfig(schema, {
        ORDER_HTTP_PORT: 'eighty',
        RABBITMQ_URL: 'http://x',
        DEADLINE_MS: '-5',
        SEED_DEMO_DATA: 'maybe',
      }),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual(
      ['DEADLINE_MS', 'ORDER_HTTP_PORT', 'RABBITMQ_URL', 'SEED_DEMO_DATA', 'WEBHOOK_SECRET'].sort(),
    );
    expect(error.message).toContain('ORDER_HTTP_PORT: expected a TCP port, an integer from 0 to 65535');
    expect(error.message).toContain('got "eighty"');
    expect(error.message).toContain('RABBITMQ_URL: expected a URL starting with amqp:// or amqps://');
    expect(error.message).toContain(
      'WEBHOOK_SECRET: expected a secret of at least 24 characters; it is not set',
    );
    expect(error.message).toContain('SEED_DEMO_DATA: expected a boolean');
  });

  it('never prints secrets or URL passwords', () => {
    const error = configError(() =>
      loadConfig(
        z.object({ WEBHOOK_SECRET: z.string().min(24), DATABASE_URL: url('postgres://x', ['postgres:']) }),
        {
          WEBHOOK_SECRET: 'hunter2',
          DATABASE_URL: 'mysql://admin:s3cret@db/app',
        },
      ),
    );
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('s3cret');
    expect(error.message).toContain('mysql://admin:***@db/app');
  });

  it('leaves SEED_DEMO_DATA unset so the default can follow COMMLAB_ENV', () => {
    expect(shouldSeedDemoData(loadConfig(infrastructureConfigSchema, {}))).toBe(true);
    expect(shouldSeedDemoData(loadConfig(infrastructureConfigSchema, { COMMLAB_ENV: 'production' }))).toBe(
      false,
    );
    expect(
      shouldSeedDemoData(
        loadConfig(infrastructureConfigSchema, { COMMLAB_ENV: 'production', SEED_DEMO_DATA: 'YES' }),
      ),
    ).toBe(true);
    expect(shouldSeedDemoData(loadConfig(infrastructureConfigSchema, { SEED_DEMO_DATA: 'off' }))).toBe(false);
  });

  it('rejects a malformed broker list', () => {
    const error = configError(() => loadConfig(infrastructureConfigSchema, { KAFKA_BROKERS: 'localhost' }));
    expect(error.issues).toEqual([
      expect.objectContaining({
        variable: 'KAFKA_BROKERS',
        expected: expect.stringContaining('host:port') as unknown,
      }),
    ]);
  });

  it('gives the local stack by default', () => {
    expect(loadConfig(infrastructureConfigSchema, {})).toEqual({
      COMMLAB_ENV: 'development',
      LOG_LEVEL: 'info',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PGLITE_THREAD: 'main',
      BIND_HOST: '127.0.0.1',
    });
  });

  it('refuses a PGLITE_THREAD other than worker or main, naming both', () => {
    const error = configError(() => loadConfig(infrastructureConfigSchema, { PGLITE_THREAD: 'thread' }));
    expect(error.issues).toEqual([
      expect.objectContaining({
        variable: 'PGLITE_THREAD',
        expected: expect.stringMatching(/worker.*main/) as unknown,
      }),
    ]);
  });
});
