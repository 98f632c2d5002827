import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

import { processEnv } from '@commlab/config';
import { waitFor } from '@commlab/testing';

/** The monorepo root (this file is apps/notification-service/test/support). */
export const REPO_ROOT = resolve(__dirname, '../../../..');

export interface ServiceChild {
  child: ChildProcess;
  url: string;
  exited: Promise<string>;
  /** stderr and non-JSON stdout, to explain a failure. */
  output(): string;
}

/**
 * notification-service as a real process, started the way `pnpm start` starts it: Node resolves the
 * workspace packages to their sources and @swc-node/register compiles them. Resolves once /health is 200.
 */
export async function startServiceChild(env: Record<string, string>, port: number): Promise<ServiceChild> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@commlab/source',
      '-r',
      '@swc-node/register',
      join(REPO_ROOT, 'apps/notification-service/src/main.ts'),
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...processEnv(),
        SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json'),
        COMMLAB_ENV: 'test',
        LOG_LEVEL: 'warn',
        BIND_HOST: '127.0.0.1',
        NOTIFICATION_HTTP_PORT: String(port),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<string>((resolveExit) => {
    child.once('exit', (code, signal) => {
      resolveExit(signal ?? `exit code ${String(code)}`);
    });
  });
  const url = `http://127.0.0.1:${String(port)}`;
  const healthy = waitFor(
    async () => {
      try {
        const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
        return response.ok;
      } catch {
        return false;
      }
    },
    { timeoutMs: 60_000, intervalMs: 100, description: 'notification-service /health 200' },
  );
  const died = exited.then((reason) => {
    throw new Error(`notification-service exited (${reason}) before it was healthy`);
  });
  try {
    await Promise.race([healthy, died]);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${String(error)}\n${output}`, { cause: error });
  }
  return { child, url, exited, output: () => output };
}
