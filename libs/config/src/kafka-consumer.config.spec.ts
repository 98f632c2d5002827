import { z } from 'zod';

import { ConfigError } from './config-error';
import { kafkaConsumerConfigFields, kafkaConsumerSettings } from './kafka-consumer.config';
import { loadConfig } from './load-config';

const schema = z.object(kafkaConsumerConfigFields);

describe('kafkaConsumerSettings', () => {
  it('defaults: 500 ms fetch wait, 10 s session, 3 s heartbeat, 3 attempts', () => {
    expect(kafkaConsumerSettings(loadConfig(schema, {}))).toEqual({
      maxWaitTimeInMs: 500,
      sessionTimeout: 10_000,
      heartbeatInterval: 3_000,
      retry: { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 2_000, jitter: 0.2 },
    });
  });

  it('names every variable that does not fit the others', () => {
    const config = loadConfig(schema, {
      KAFKA_SESSION_TIMEOUT_MS: '5000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '2000',
      KAFKA_CONSUMER_RETRY_BASE_MS: '500',
      KAFKA_CONSUMER_RETRY_MAX_MS: '100',
    });
    let error: unknown;
    try {
      kafkaConsumerSettings(config);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('KAFKA_SESSION_TIMEOUT_MS: expected at least 6000');
    expect(message).toContain('KAFKA_HEARTBEAT_INTERVAL_MS: expected at most a third');
    expect(message).toContain('KAFKA_CONSUMER_RETRY_MAX_MS: expected at least KAFKA_CONSUMER_RETRY_BASE_MS');
  });
});
