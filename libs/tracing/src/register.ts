/**
 * `import '@commlab/tracing/register'` — the FIRST import of every service's main.ts: it starts
 * OpenTelemetry before NestJS, kafkajs, amqplib, ioredis, pg and grpc-js are loaded, so OpenTelemetry's
 * instrumentations can patch them. Config comes from the environment through @commlab/config
 * (`tracingConfigSchema`); a bad value stops the process here with the variable named.
 */
import { ConfigError, loadConfig, tracingConfigSchema } from '@commlab/config';

import { packageNameOf } from './service-name';
import { startTracing } from './start-tracing';

function register(): void {
  try {
    const config = loadConfig(tracingConfigSchema);
    const service =
      config.OTEL_SERVICE_NAME ?? packageNameOf(require.main?.filename) ?? 'unknown_service:node';
    startTracing(config, service);
  } catch (error) {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else console.error('tracing failed to start:', error);
    process.exit(1);
  }
}

register();
