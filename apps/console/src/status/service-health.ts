import type { ServiceStatus } from '@commlab/stack-ops';

import type { Health, ServiceHealth } from '../common/api';
import type { ServiceNode } from '../common/topology';
import { howToBringBack, whyNoAnswer } from '../services/service-client';

/** What GET /health said, or why nothing answered. */
export type HealthProbe =
  { answered: true; status: number } | { answered: false; reason: string; timedOut: boolean };

export async function probeHealth(url: string, timeoutMs: number): Promise<HealthProbe> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return { answered: true, status: response.status };
  } catch (error) {
    const { name } = error as { name?: string };
    return { answered: false, reason: whyNoAnswer(error, timeoutMs), timedOut: name === 'TimeoutError' };
  }
}

/**
 * One service's health for the page: the stack's own state wins when `pnpm start` runs it (stopped,
 * paused, starting, restarting after a crash say more than a refused connection); otherwise what its
 * /health answered.
 */
export function serviceHealth(
  name: ServiceNode,
  url: string,
  probe: HealthProbe,
  stack: ServiceStatus | undefined,
): ServiceHealth {
  const of = (health: Health, detail: string): ServiceHealth => ({ name, url, health, detail });
  switch (stack?.state) {
    case 'stopped':
      return of('stopped', `stopped: ${howToBringBack(name)}`);
    case 'stopping':
      return of('stopped', 'stopping');
    case 'paused':
      return of(
        'paused',
        'paused (SIGSTOP): its ports are open, it answers nothing — resume it in the Faults view',
      );
    case 'starting':
      return of('starting', 'starting: waiting for /health');
    case 'restarting':
      return of(
        'down',
        `crashed${stack.crashLoop ? ' again and again (a crash loop)' : ''}: pnpm start restarts it${
          stack.restartAt === null ? '' : ` at ${stack.restartAt.slice(11, 19)} UTC`
        } — see its log in .data/logs/, or start it now from the Faults view`,
      );
    default:
      break;
  }
  if (!probe.answered) {
    return probe.timedOut
      ? of('not-answering', `not answering (${probe.reason}): hung or overloaded`)
      : of('down', `down (${probe.reason}): ${howToBringBack(name)}`);
  }
  if (probe.status === 200) return of('up', 'healthy');
  return of('unhealthy', `/health answered ${String(probe.status)}: a database or broker it needs is down`);
}
