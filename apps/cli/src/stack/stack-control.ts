import { join } from 'node:path';

/** The control socket of a running `pnpm start`, in its data directory (one stack per data directory). */
export function stackControlSocket(dataDir: string): string {
  return join(dataDir, 'stack.sock');
}

/** What `pnpm stack` can ask of a running stack. */
export const STACK_ACTIONS = ['stop', 'start', 'pause', 'resume'] as const;
export type StackAction = (typeof STACK_ACTIONS)[number];
