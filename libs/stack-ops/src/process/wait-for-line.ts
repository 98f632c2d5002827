import type { ChildProcess } from 'node:child_process';

/**
 * Resolves once `child` printed `text` (stdout or stderr); rejects when it exits first, cannot be started
 * (`error`, e.g. the program is not installed: `missing` says what then), or stays silent `timeoutMs`.
 * The rejections quote the end of what it printed.
 */
export function waitForLine(
  child: ChildProcess,
  text: string,
  what: string,
  timeoutMs: number,
  missing = 'is it installed on this machine?',
): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      reject(new Error(`${what} did not start within ${String(timeoutMs)} ms:\n${seen.slice(-3000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${what} could not be started (${error.message}); ${missing}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${String(code)}) before starting:\n${seen.slice(-3000)}`));
    });
  });
}
