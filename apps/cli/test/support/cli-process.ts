import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';

import { processEnv } from '@commlab/config';

export const ROOT = join(__dirname, '..', '..', '..', '..');

/** A `commlab <command>` running as a user runs it (`pnpm <command>`): its own process, from sources. */
export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `commlab <command> <args>` with only PATH, HOME and `env` in its environment. */
export function startCli(
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
): CliProcess {
  const { PATH, HOME } = processEnv();
  const child = spawn(
    process.execPath,
    ['--conditions=@commlab/source', '--import', 'tsx', 'apps/cli/src/main.ts', command, ...args],
    { cwd: ROOT, env: { PATH, HOME, ...env } },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Runs `commlab <command> <args>` to its end. */
export async function runCli(
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  const running = startCli(command, args, env);
  const code = await running.exited;
  return { code, stdout: running.stdout(), stderr: running.stderr() };
}
