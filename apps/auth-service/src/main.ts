// First: OpenTelemetry starts before NestJS and the broker and database clients load, so it can instrument them.
import '@commlab/tracing/register';
import 'reflect-metadata';

import { runServiceMain } from '@commlab/service-kit';

import { authConfigSchema } from './config/auth.config';
import { SERVICE_NAME } from './auth-app.module';
import { startAuthService } from './start-auth-service';

/** `pnpm --filter @commlab/auth-service start`: validated config, then the HTTP and gRPC servers. */
runServiceMain({
  name: SERVICE_NAME,
  schema: authConfigSchema,
  start: (config, databaseLogger) => startAuthService(config, { databaseLogger }),
  describe: (service) =>
    `${SERVICE_NAME} listening: HTTP ${service.httpUrl} (docs ${service.httpUrl}/docs), gRPC ${service.grpcUrl}`,
});
