import { join } from 'node:path';

/** The control socket of a running `pnpm start`, in its data directory (one stack per data directory). */
export function stackControlSocket(dataDir: string): string {
  return join(dataDir, 'stack.sock');
}

/** What `pnpm stack` (and the console's faults view) can ask of a running stack. */
export const STACK_ACTIONS = ['stop', 'start', 'pause', 'resume'] as const;
export type StackAction = (typeof STACK_ACTIONS)[number];

/**
 * What one service of a running stack is doing. `restarting`: it crashed and `pnpm start` starts it again
 * once its backoff is over (`restartAt`); `pnpm stack start` starts it now, `pnpm stack stop` cancels it.
 */
export type ServiceState = 'running' | 'starting' | 'stopping' | 'stopped' | 'paused' | 'restarting';

/** One service as the control socket reports it (GET /services, and the answer to every action). */
export interface ServiceStatus {
  name: string;
  state: ServiceState;
  pid: number | null;
  httpPort: number;
  grpcPort: number | null;
  /** How many times `pnpm start` brought it back after a crash. */
  restarts: number;
  /** While `restarting`: when the next start is due (ISO time), else null. */
  restartAt: string | null;
  /** Crashes in a row that make a crash loop (it is retried at the longest backoff), else false. */
  crashLoop: boolean;
}
