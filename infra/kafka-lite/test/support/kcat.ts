import { runProcess, type ProcessResult } from './process';

export const KCAT = '/usr/bin/kcat';

export type KcatResult = ProcessResult;

/** Runs kcat as an async child process; rejects if it runs longer than `timeoutMs`. */
export function kcat(args: string[], input?: string, timeoutMs = 20_000): Promise<KcatResult> {
  return runProcess(KCAT, args, input, timeoutMs);
}

/** kcat that must succeed; returns stdout lines. */
export async function kcatOk(args: string[], input?: string): Promise<string[]> {
  const res = await kcat(args, input);
  if (res.code !== 0) throw new Error(`kcat ${args.join(' ')} exited ${res.code}\n${res.stderr}`);
  return res.stdout.split('\n').filter((l) => l !== '');
}
