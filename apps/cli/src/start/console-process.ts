import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { type RunningService, spawnService, waitHealthy } from './service-process';
import type { StartConfig } from './start.config';

/** The console's entry point in this checkout (apps/console), if it exists. */
export function consoleEntry(root: string): string | undefined {
  const entry = join(root, 'apps', 'console', 'src', 'main.ts');
  return existsSync(entry) ? entry : undefined;
}

/** The console's environment: the stack's, with the services' URLs and the data directory of this stack. */
export function consoleEnv(
  config: StartConfig,
  dataDir: string,
  baseEnv: NodeJS.ProcessEnv,
): NodeJS.ProcessEnv {
  const local = (port: number) => `http://127.0.0.1:${String(port)}`;
  return {
    ...baseEnv,
    CONSOLE_PORT: String(config.CONSOLE_PORT),
    COMMLAB_DATA_DIR: dataDir,
    ORDER_HTTP_URL: local(config.ORDER_HTTP_PORT),
    AUTH_HTTP_URL: local(config.AUTH_HTTP_PORT),
    INVENTORY_HTTP_URL: local(config.INVENTORY_HTTP_PORT),
    NOTIFICATION_HTTP_URL: local(config.NOTIFICATION_HTTP_PORT),
    REPORTING_HTTP_URL: local(config.REPORTING_HTTP_PORT),
  };
}

/**
 * Starts the console like a service (a child process from its sources, its log in `logDir`) and waits
 * for its /health; its first start builds the page (Vite), hence the service start timeout.
 */
export async function startConsoleProcess(
  entry: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; logDir: string; port: number; timeoutMs: number },
): Promise<{ running: RunningService; problem: string | undefined }> {
  const running = spawnService({ name: 'console', httpPort: options.port }, entry, {
    cwd: options.cwd,
    env: options.env,
    logFile: join(options.logDir, 'console.log'),
  });
  return { running, problem: await waitHealthy(running, options.timeoutMs) };
}
