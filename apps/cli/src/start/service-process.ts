import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';

/** A process of the stack that answers GET /health on an HTTP port: a service, or the console. */
export interface StackProcess {
  name: string;
  httpPort: number;
}

export interface RunningService {
  service: StackProcess;
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code (or signal) when the process ends, for whatever reason. */
  exited: Promise<string>;
}

/**
 * Runs one service from its TypeScript sources: Node resolves workspace packages to their sources
 * ("@commlab/source" condition) and @swc-node/register compiles on the fly, decorator metadata included.
 * Its JSON logs go to `logFile`.
 */
export function spawnService(
  service: StackProcess,
  entry: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): RunningService {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--conditions=@commlab/source', '-r', '@swc-node/register', entry], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C in the terminal reaches only the CLI, which then stops each
    // service exactly once with SIGTERM (a second signal would cut a graceful shutdown short).
    detached: true,
  });
  // Never leave a service behind if the CLI itself ends abruptly (an uncaught error, process.exit).
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      process.removeListener('exit', killOnExit);
      log.end();
      resolve(signal ?? `exit code ${code ?? 'unknown'}`);
    });
    child.once('error', (error) => {
      log.end();
      resolve(error.message);
    });
  });
  return { service, child, logFile: options.logFile, exited };
}

/** The last lines of a log file, to show why a service did not come up. */
export function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Polls GET /health until it answers 200 (→ undefined), the process exits, or the timeout passes
 * (→ what went wrong).
 */
export async function waitHealthy(running: RunningService, timeoutMs: number): Promise<string | undefined> {
  const url = `http://127.0.0.1:${running.service.httpPort}/health`;
  const deadline = Date.now() + timeoutMs;
  let exitedWith: string | undefined;
  void running.exited.then((reason) => {
    exitedWith = reason;
  });
  while (Date.now() < deadline) {
    if (exitedWith !== undefined) return `exited (${exitedWith})`;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return undefined;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return `not healthy within ${timeoutMs} ms`;
}

/** SIGTERM (graceful shutdown), then SIGKILL after `graceMs`. */
export async function stopService(running: RunningService, graceMs = 10_000): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  running.child.kill('SIGTERM');
  const timer = setTimeout(() => running.child.kill('SIGKILL'), graceMs);
  await running.exited;
  clearTimeout(timer);
}
