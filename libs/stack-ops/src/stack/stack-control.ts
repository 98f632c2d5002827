import { join } from 'node:path';

/** The control socket of a running `pnpm start`, in its data directory (one stack per data directory). */
export function stackControlSocket(dataDir: string): string {
  return join(dataDir, 'stack.sock');
}

/** What `pnpm stack` (and the console's faults view) can ask of a running stack. */
export const STACK_ACTIONS = ['stop', 'start', 'pause', 'resume'] as const;
export type StackAction = (typeof STACK_ACTIONS)[number];

/** What one service of a running stack is doing. */
export type ServiceState = 'running' | 'starting' | 'stopping' | 'stopped' | 'paused';

/** One service as the control socket reports it (GET /services, and the answer to every action). */
export interface ServiceStatus {
  name: string;
  state: ServiceState;
  pid: number | null;
  httpPort: number;
  grpcPort: number | null;
}
