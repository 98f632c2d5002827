import 'reflect-metadata';

import { ConfigError, loadConfig } from '@commlab/config';

import { authConfigSchema } from './config/auth.config';
import { AUTH_SERVICE_NAME, startAuthService } from './start-auth-service';

/** One JSON log line, like the service's pino lines, for what happens before and around Nest. */
function log(level: 'info' | 'error', msg: string): void {
  const line = JSON.stringify({ level, time: new Date().toISOString(), name: AUTH_SERVICE_NAME, msg });
  (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(authConfigSchema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
    return;
  }
  const quiet = !['info', 'debug', 'trace'].includes(config.LOG_LEVEL);
  const storeLog = (line: string): void => {
    if (!quiet) log('info', line);
  };
  const running = await startAuthService(config, { logger: { log: storeLog, warn: storeLog } });
  // Shutdown (SIGTERM/SIGINT) is Nest's: it stops HTTP and gRPC and closes the store.
  if (!quiet) log('info', `${AUTH_SERVICE_NAME} ready: HTTP ${running.httpUrl}, gRPC ${running.grpcUrl}`);
}

main().catch((error: unknown) => {
  log(
    'error',
    `${AUTH_SERVICE_NAME} failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
});
