import { STACK_ACTIONS, type StackAction } from '@commlab/stack-ops';

export const STACK_USAGE = `usage: pnpm stack [status]
       pnpm stack <stop|start|pause|resume> <service>
       pnpm stack start <service> [--env NAME=VALUE]…

Controls one service of the stack that \`pnpm start\` runs in this checkout (same COMMLAB_DATA_DIR):
  status            every service: state, pid, ports; restarts after crashes
  stop <service>    stop it gracefully (SIGTERM) and keep it stopped (no restart); the rest keeps running
  start <service>   start it again (one that crashed: now, not after its backoff) and wait until it is
                    healthy; --env NAME=VALUE adds a variable to its environment for this run (a
                    fault-injection knob such as NOTIFICATION_FAIL_RECIPIENTS; kept for its restarts)
  pause <service>   freeze it (SIGSTOP): it keeps its ports but answers nothing — a hung service
  resume <service>  let it run again (SIGCONT)
<service> is a name such as inventory or inventory-service.`;

export class StackUsageError extends Error {}

export type StackArgs =
  | { kind: 'help' }
  | { kind: 'status' }
  | { kind: 'action'; action: StackAction; service: string; env: Record<string, string> };

export function parseStackArgs(argv: readonly string[]): StackArgs {
  const [first, second, ...extra] = argv;
  if (first === '--help' || first === '-h') return { kind: 'help' };
  if (first === undefined || first === 'status') {
    if (second !== undefined) throw new StackUsageError(`unexpected argument ${JSON.stringify(second)}`);
    return { kind: 'status' };
  }
  if (!(STACK_ACTIONS as readonly string[]).includes(first)) {
    throw new StackUsageError(`unknown action ${JSON.stringify(first)}`);
  }
  if (second === undefined || second.startsWith('-')) {
    throw new StackUsageError(`${first} needs a service name`);
  }
  const env: Record<string, string> = {};
  for (let i = 0; i < extra.length; i++) {
    const flag = extra[i];
    const value = extra[i + 1];
    if (flag !== '--env' || first !== 'start')
      throw new StackUsageError(`unexpected argument ${JSON.stringify(flag)}`);
    const match = value === undefined ? null : /^([A-Z][A-Z0-9_]*)=(.*)$/s.exec(value);
    if (match?.[1] === undefined || match[2] === undefined) {
      throw new StackUsageError(`--env takes NAME=VALUE (got ${JSON.stringify(value ?? '')})`);
    }
    env[match[1]] = match[2];
    i++;
  }
  return { kind: 'action', action: first as StackAction, service: second, env };
}
