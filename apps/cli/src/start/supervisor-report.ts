import type { LiveFeedFields } from '@commlab/messaging';

import type { SupervisorEvent } from '../stack/stack-supervisor';

/** Seconds for a person: 0.5 s, 2 s, 1.5 min. */
export function humanDuration(ms: number): string {
  if (ms < 90_000) return `${String(Math.round(ms / 100) / 10)} s`;
  return `${String(Math.round(ms / 6_000) / 10)} min`;
}

/** What `pnpm start` prints about a crash or a restart: to stderr for a crash, stdout for a restart. */
export function supervisorLine(
  event: SupervisorEvent,
  crashLoopWindowMs: number,
): { stream: 'out' | 'err'; text: string } {
  const prefix = 'commlab start:';
  if (event.kind === 'restarted') {
    return {
      stream: 'out',
      text: `${prefix} ${event.name} restarted (restart ${String(event.attempt)}, pid ${String(event.pid ?? '?')}): healthy again`,
    };
  }
  const up = event.upForMs > 0 ? ` after ${humanDuration(event.upForMs)} up` : '';
  const crashed = `${prefix} ${event.name} crashed (${event.reason})${up}`;
  const restart = event.restart;
  if (restart === undefined) {
    return {
      stream: 'err',
      text: `${crashed}; not restarted (RESTART_ON_CRASH=false), the rest keeps running — "pnpm stack start ${event.name}" brings it back. Log: ${event.logFile}`,
    };
  }
  const next = `restarting in ${humanDuration(restart.delayMs)} (restart ${String(restart.attempt)})`;
  if (restart.crashLoop) {
    return {
      stream: 'err',
      text:
        `${crashed}; CRASH LOOP: ${String(restart.recentCrashes)} crashes within ${humanDuration(crashLoopWindowMs)} — ` +
        `${next}, then every ${humanDuration(restart.delayMs)} while it keeps crashing. ` +
        `Look at ${event.logFile}; "pnpm stack stop ${event.name}" stops retrying.`,
    };
  }
  return { stream: 'err', text: `${crashed}; ${next}. Log: ${event.logFile}` };
}

/** The live-feed line (`commlab.live`, service "stack") of a crash or a restart. */
export function supervisorFeedLine(event: SupervisorEvent): { event: string; fields: LiveFeedFields } {
  if (event.kind === 'restarted') {
    return {
      event: 'service.restarted',
      fields: { name: event.name, httpPort: event.httpPort, pid: event.pid, attempt: event.attempt },
    };
  }
  return {
    event: 'service.crashed',
    fields: {
      name: event.name,
      httpPort: event.httpPort,
      reason: event.reason,
      upForMs: event.upForMs,
      restartInMs: event.restart?.delayMs ?? null,
      attempt: event.restart?.attempt ?? null,
      recentCrashes: event.restart?.recentCrashes ?? null,
      crashLoop: event.restart?.crashLoop ?? false,
    },
  };
}
