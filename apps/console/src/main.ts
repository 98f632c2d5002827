import { ConfigError, loadConfig } from '@commlab/config';

import { consoleConfigSchema } from './config/console.config';
import { startConsole } from './server/console-server';
import { ensureWebBuild, packageRoot, webDir } from './web-build/web-build';

function log(msg: string, level = 30): void {
  process.stdout.write(
    `${JSON.stringify({ level, time: new Date().toISOString(), name: 'console', msg })}\n`,
  );
}

/** `node dist/main.js` (docker) or from sources under `pnpm start`: the console on CONSOLE_PORT. */
async function main(): Promise<void> {
  const config = loadConfig(consoleConfigSchema);
  const root = packageRoot();
  await ensureWebBuild(root, log);
  const running = await startConsole(config, { webDir: webDir(root) });
  log(`console listening on ${running.url}`);
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130);
    stopping = true;
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `console: ${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
