import { type ChildProcess, spawn } from 'node:child_process';

import { processEnv } from '@commlab/config';

/**
 * `pnpm start` (apps/cli start) as a child of a tool that runs a stack of its own (`pnpm chaos`, `pnpm
 * bench:profile-order`): on the port block `ports` (the STACK_PORT_VARIABLES, as strings), with PATH and
 * HOME and `env` only — nothing else of the caller's environment — and the services told where their
 * peers listen on that block. Its output is piped, for the caller to watch (waitForLine) or keep.
 * `detached`: in a process group of its own, so a Ctrl-C in the caller's terminal reaches the caller only,
 * which then stops it once (a second signal would cut `pnpm start`'s graceful shutdown short).
 * Its stdin is a pipe from the caller (STOP_WHEN_STDIN_CLOSES): if the caller dies without stopping it —
 * killed, or a test runner's timeout — the pipe closes and the stack stops itself, leaving no orphans.
 */
export function spawnPnpmStart(
  root: string,
  ports: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string>>,
  options: { detached?: boolean } = {},
): ChildProcess {
  const { PATH, HOME } = processEnv();
  const port = (name: string) => ports[name] ?? '';
  const child = spawn(
    process.execPath,
    ['--conditions=@commlab/source', '--import', 'tsx', 'apps/cli/src/main.ts', 'start'],
    {
      cwd: root,
      env: {
        PATH,
        HOME,
        ...ports,
        AUTH_GRPC_URL: `127.0.0.1:${port('AUTH_GRPC_PORT')}`,
        AUTH_HTTP_URL: `http://127.0.0.1:${port('AUTH_HTTP_PORT')}`,
        INVENTORY_GRPC_URL: `127.0.0.1:${port('INVENTORY_GRPC_PORT')}`,
        INVENTORY_HTTP_URL: `http://127.0.0.1:${port('INVENTORY_HTTP_PORT')}`,
        // The stack stops when this process's end of its stdin closes: when this process exits, however.
        STOP_WHEN_STDIN_CLOSES: 'true',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: options.detached === true,
    },
  );
  // Nothing is written: the pipe only tells the stack this process is alive. It must not keep this
  // process running, nor fail it once the stack has exited.
  child.stdin.on('error', () => undefined);
  (child.stdin as typeof child.stdin & { unref?: () => void }).unref?.();
  return child;
}
