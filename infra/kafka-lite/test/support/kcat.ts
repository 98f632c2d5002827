import { spawn } from 'node:child_process';

export const KCAT = '/usr/bin/kcat';

export interface KcatResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs kcat as an async child process (never execSync: the broker under test shares this event loop).
 * Rejects if it runs longer than `timeoutMs`.
 */
export function kcat(args: string[], input?: string, timeoutMs = 20_000): Promise<KcatResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(KCAT, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kcat ${args.join(' ')} timed out after ${timeoutMs} ms\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** kcat that must succeed; returns stdout lines. */
export async function kcatOk(args: string[], input?: string): Promise<string[]> {
  const res = await kcat(args, input);
  if (res.code !== 0) throw new Error(`kcat ${args.join(' ')} exited ${res.code}\n${res.stderr}`);
  return res.stdout.split('\n').filter((l) => l !== '');
}
