import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { processEnv } from '@commlab/config';
import {
  requireRabbitMq,
  requireRedis,
  type ThrowawayVhost,
  throwawayVhost,
  stackPorts,
  waitFor,
} from '@commlab/testing';

/** The repository root (this file is apps/console/test/support/). */
export const ROOT = join(__dirname, '..', '..', '..', '..');

export interface ConsoleStack {
  /** The console's URL, e.g. http://127.0.0.1:41234. */
  url: string;
  output: () => string;
  /** The last lines of a process's log (`notification-service`, `console`, …), for a failure message. */
  logTail: (name: string, lines?: number) => string;
  stop(): Promise<void>;
}

/**
 * `pnpm start` as a user runs it, on ports of its own (free ones, never the defaults other test runs
 * use), in a throwaway RabbitMQ vhost and a temporary data directory: kafka-lite, the five services and
 * the console. `extraEnv` reaches every process (e.g. a short notification retry policy).
 */
export async function startConsoleStack(extraEnv: Record<string, string>): Promise<ConsoleStack> {
  await requireRabbitMq();
  await requireRedis();
  const vhost: ThrowawayVhost = await throwawayVhost('console');
  const dataDir = mkdtempSync(join(tmpdir(), 'commlab-console-e2e-'));
  const ports = await stackPorts();
  const { PATH, HOME } = processEnv();
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--conditions=@commlab/source', '--import', 'tsx', 'apps/cli/src/main.ts', 'start'],
    {
      cwd: ROOT,
      env: {
        PATH,
        HOME,
        ...ports,
        COMMLAB_DATA_DIR: dataDir,
        RABBITMQ_URL: vhost.url,
        AUTH_GRPC_URL: `127.0.0.1:${ports.AUTH_GRPC_PORT}`,
        AUTH_HTTP_URL: `http://127.0.0.1:${ports.AUTH_HTTP_PORT}`,
        INVENTORY_GRPC_URL: `127.0.0.1:${ports.INVENTORY_GRPC_PORT}`,
        INVENTORY_HTTP_URL: `http://127.0.0.1:${ports.INVENTORY_HTTP_PORT}`,
        LOG_LEVEL: 'warn',
        ...extraEnv,
      },
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
      await exited;
      clearTimeout(timer);
    }
    await vhost.drop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitFor(() => output.includes('commlab is up') || child.exitCode !== null, {
      timeoutMs: 240_000,
      intervalMs: 250,
      description: '"commlab is up" from pnpm start',
    });
    if (child.exitCode !== null)
      throw new Error(`pnpm start exited with ${String(child.exitCode)}:\n${output}`);
  } catch (error) {
    await stop();
    throw error;
  }
  const logTail = (name: string, lines = 30) => {
    try {
      return readFileSync(join(dataDir, 'logs', `${name}.log`), 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return `(no log of ${name})`;
    }
  };
  return { url: `http://127.0.0.1:${ports.CONSOLE_PORT}`, output: () => output, logTail, stop };
}
