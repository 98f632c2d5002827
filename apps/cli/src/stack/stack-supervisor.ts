import { join } from 'node:path';

import {
  decideRestart,
  NO_RESTARTS,
  type RestartDecision,
  type RestartHistory,
  type RestartPolicy,
  type ServiceState,
  type ServiceStatus,
} from '@commlab/stack-ops';

import { type RunningService, spawnService, stopService, tail, waitHealthy } from '../start/service-process';
import type { StackService } from '../start/stack-services';

/** What happens to the services on its own, for `pnpm start` to print and post on the live feed. */
export type SupervisorEvent =
  | {
      kind: 'crashed';
      name: string;
      httpPort: number;
      /** The exit code or signal, or why a restart did not become healthy. */
      reason: string;
      logFile: string;
      /** How long it had been healthy (0: it never became healthy). */
      upForMs: number;
      /** When and how it is restarted; undefined when restarting is off (it stays stopped). */
      restart: RestartDecision | undefined;
    }
  | { kind: 'restarted'; name: string; httpPort: number; pid: number | null; attempt: number };

/** A request the stack refuses (unknown service, or a state that does not allow it); shown to the user. */
export class StackRequestError extends Error {
  constructor(
    readonly code: 'UNKNOWN_SERVICE' | 'WRONG_STATE' | 'START_FAILED' | 'BAD_REQUEST',
    message: string,
  ) {
    super(message);
    this.name = 'StackRequestError';
  }
}

interface Entry {
  service: StackService;
  entry: string;
  state: ServiceState;
  running: RunningService | undefined;
  /** The variables of its last start (`pnpm stack start --env`), kept for a restart after a crash. */
  extraEnv: Record<string, string>;
  /** When it last became healthy (ms since the epoch). */
  upSince: number;
  history: RestartHistory;
  restarts: number;
  crashLoop: boolean;
  /** While `restarting`: the pending restart and when it is due. */
  timer: NodeJS.Timeout | undefined;
  restartAt: number | undefined;
}

export interface StackSupervisorOptions {
  cwd: string;
  logDir: string;
  startTimeoutMs: number;
  envFor: (service: StackService) => NodeJS.ProcessEnv;
  /** How a crashed service is brought back; undefined: it stays stopped (`RESTART_ON_CRASH=false`). */
  restartPolicy: RestartPolicy | undefined;
  /** Crashes and restarts, as they happen. */
  onEvent: (event: SupervisorEvent) => void;
  now?: () => number;
}

/**
 * The services of `pnpm start`, each a child process: started together, and afterwards stopped,
 * started, paused (SIGSTOP: the process keeps its ports and answers nothing — a hung service) or resumed
 * one at a time on request (`pnpm stack …`). A service that exits without having been asked to has
 * crashed: it is started again after a backoff (`decideRestart`), the rest of the stack untouched; one
 * stopped on purpose stays stopped. `stopAll` ends every pending restart before it stops anything.
 */
export class StackSupervisor {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private shuttingDown = false;

  constructor(
    services: readonly { service: StackService; entry: string }[],
    private readonly options: StackSupervisorOptions,
  ) {
    this.now = options.now ?? Date.now;
    for (const { service, entry } of services) {
      this.entries.set(service.name, {
        service,
        entry,
        state: 'stopped',
        running: undefined,
        extraEnv: {},
        upSince: 0,
        history: NO_RESTARTS,
        restarts: 0,
        crashLoop: false,
        timer: undefined,
        restartAt: undefined,
      });
    }
  }

  get names(): string[] {
    return [...this.entries.keys()];
  }

  /** Starts every service at once; resolves with the ones that did not become healthy, and why. */
  async startAll(): Promise<{ name: string; problem: string; logFile: string }[]> {
    const outcomes = await Promise.all(
      [...this.entries.values()].map(async (entry) => {
        const running = this.spawn(entry);
        const problem = await waitHealthy(running, this.options.startTimeoutMs);
        if (problem === undefined && entry.running === running && entry.state === 'starting')
          this.markUp(entry);
        return { name: entry.service.name, problem, logFile: running.logFile };
      }),
    );
    return outcomes.flatMap(({ name, problem, logFile }) =>
      problem === undefined ? [] : [{ name, problem, logFile }],
    );
  }

  status(): ServiceStatus[] {
    return [...this.entries.values()].map((entry) => this.statusOf(entry));
  }

  /**
   * Stops one service gracefully (SIGTERM, in-flight work finishes) and keeps it stopped: a pending
   * restart is cancelled, one under way is stopped. Stopping a stopped one is a no-op.
   */
  async stop(name: string): Promise<ServiceStatus> {
    const entry = this.find(name);
    if (entry.state === 'stopped') return this.statusOf(entry);
    if (entry.state === 'restarting') {
      this.cancelRestart(entry);
      entry.state = 'stopped';
      return this.statusOf(entry);
    }
    this.requireState(entry, ['running', 'paused', 'starting'], 'stop');
    entry.state = 'stopping';
    const running = entry.running;
    if (running !== undefined) {
      running.child.kill('SIGCONT');
      await stopService(running);
    }
    if (entry.running === running) {
      entry.running = undefined;
      entry.state = 'stopped';
    }
    return this.statusOf(entry);
  }

  /**
   * Starts a stopped service again (with `extraEnv` added to its environment) and waits until it is
   * healthy; one waiting out its restart backoff is started now.
   */
  async start(name: string, extraEnv: Record<string, string> = {}): Promise<ServiceStatus> {
    const entry = this.find(name);
    if (entry.state === 'running') return this.statusOf(entry);
    this.requireState(entry, ['stopped', 'restarting'], 'start');
    this.cancelRestart(entry);
    const running = this.spawn(entry, extraEnv);
    const problem = await waitHealthy(running, this.options.startTimeoutMs);
    if (entry.running !== running || entry.state !== 'starting') {
      throw new StackRequestError('START_FAILED', `${entry.service.name} was stopped while it started`);
    }
    if (problem !== undefined) {
      entry.state = 'stopping';
      await stopService(running);
      if (entry.running === running) {
        entry.running = undefined;
        entry.state = 'stopped';
      }
      throw new StackRequestError(
        'START_FAILED',
        `${entry.service.name} ${problem}. Last lines of ${running.logFile}:\n${tail(running.logFile)}`,
      );
    }
    this.markUp(entry);
    return this.statusOf(entry);
  }

  /** Freezes a running service (SIGSTOP): connections are accepted by the kernel, nothing answers. */
  pause(name: string): ServiceStatus {
    const entry = this.find(name);
    if (entry.state === 'paused') return this.statusOf(entry);
    this.requireState(entry, ['running'], 'pause');
    entry.running?.child.kill('SIGSTOP');
    entry.state = 'paused';
    return this.statusOf(entry);
  }

  /** Lets a paused service run again (SIGCONT); what waited in its socket buffers is served then. */
  resume(name: string): ServiceStatus {
    const entry = this.find(name);
    if (entry.state === 'running') return this.statusOf(entry);
    this.requireState(entry, ['paused'], 'resume');
    entry.running?.child.kill('SIGCONT');
    entry.state = 'running';
    return this.statusOf(entry);
  }

  /** From now on nothing is restarted: the stack is shutting down. */
  stopRestarting(): void {
    this.shuttingDown = true;
    for (const entry of this.entries.values()) {
      if (entry.state !== 'restarting') continue;
      this.cancelRestart(entry);
      entry.state = 'stopped';
    }
  }

  /** Stops every service (a paused one is resumed first, or it could not handle SIGTERM); no restart races it. */
  async stopAll(): Promise<void> {
    this.stopRestarting();
    await Promise.all(
      [...this.entries.values()].map(async (entry) => {
        const running = entry.running;
        if (running === undefined) return;
        entry.state = 'stopping';
        running.child.kill('SIGCONT');
        await stopService(running);
        entry.running = undefined;
        entry.state = 'stopped';
      }),
    );
  }

  private spawn(entry: Entry, extraEnv: Record<string, string> = {}): RunningService {
    const { service } = entry;
    const running = spawnService(service, entry.entry, {
      cwd: this.options.cwd,
      env: { ...this.options.envFor(service), ...extraEnv },
      logFile: join(this.options.logDir, `${service.name}.log`),
    });
    entry.running = running;
    entry.extraEnv = extraEnv;
    entry.state = 'starting';
    void running.exited.then((reason) => {
      // Asked to stop, replaced, or still starting (whoever started it sees the exit in waitHealthy).
      if (entry.running !== running || entry.state === 'stopping' || entry.state === 'starting') return;
      entry.running = undefined;
      entry.state = 'stopped';
      this.crashed(entry, reason, running.logFile, this.now() - entry.upSince);
    });
    return running;
  }

  private markUp(entry: Entry): void {
    entry.state = 'running';
    entry.upSince = this.now();
  }

  /** A service ended on its own (or a restart did not become healthy): schedule its restart, and say so. */
  private crashed(entry: Entry, reason: string, logFile: string, upForMs: number): void {
    if (this.shuttingDown) return;
    const { name, httpPort } = entry.service;
    const policy = this.options.restartPolicy;
    if (policy === undefined) {
      this.options.onEvent({ kind: 'crashed', name, httpPort, reason, logFile, upForMs, restart: undefined });
      return;
    }
    const decision = decideRestart(policy, entry.history, { at: this.now(), upForMs });
    entry.history = decision.history;
    entry.crashLoop = decision.crashLoop;
    entry.state = 'restarting';
    entry.restartAt = this.now() + decision.delayMs;
    entry.timer = setTimeout(() => {
      void this.restart(entry, decision.attempt);
    }, decision.delayMs);
    this.options.onEvent({ kind: 'crashed', name, httpPort, reason, logFile, upForMs, restart: decision });
  }

  private async restart(entry: Entry, attempt: number): Promise<void> {
    entry.timer = undefined;
    entry.restartAt = undefined;
    if (this.shuttingDown || entry.state !== 'restarting') return;
    const running = this.spawn(entry, entry.extraEnv);
    const problem = await waitHealthy(running, this.options.startTimeoutMs);
    // Stopped, started by hand, or the stack is shutting down meanwhile: theirs to finish.
    if (!this.stillOwns(entry, running, 'starting')) return;
    if (problem === undefined) {
      this.markUp(entry);
      entry.restarts += 1;
      this.options.onEvent({
        kind: 'restarted',
        name: entry.service.name,
        httpPort: entry.service.httpPort,
        pid: running.child.pid ?? null,
        attempt,
      });
      return;
    }
    entry.state = 'stopping';
    await stopService(running);
    if (!this.stillOwns(entry, running, 'stopping')) return;
    entry.running = undefined;
    entry.state = 'stopped';
    this.crashed(entry, problem, running.logFile, 0);
  }

  /**
   * Whether a restart still owns the service after waiting: no one stopped or started it meanwhile and
   * the stack is not shutting down (a method, so the checker does not narrow `state` across the await).
   */
  private stillOwns(entry: Entry, running: RunningService, state: ServiceState): boolean {
    return entry.running === running && entry.state === state && !this.shuttingDown;
  }

  private cancelRestart(entry: Entry): void {
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.restartAt = undefined;
  }

  private find(name: string): Entry {
    const entry = this.entries.get(name) ?? this.entries.get(`${name}-service`);
    if (entry === undefined) {
      throw new StackRequestError(
        'UNKNOWN_SERVICE',
        `no service ${JSON.stringify(name)} in this stack (services: ${this.names.join(', ')})`,
      );
    }
    return entry;
  }

  private requireState(entry: Entry, allowed: readonly ServiceState[], action: string): void {
    if (!allowed.includes(entry.state)) {
      throw new StackRequestError(
        'WRONG_STATE',
        `cannot ${action} ${entry.service.name} while it is ${entry.state}`,
      );
    }
  }

  private statusOf(entry: Entry): ServiceStatus {
    const { service, state, running } = entry;
    return {
      name: service.name,
      state,
      pid: state === 'stopped' || state === 'restarting' ? null : (running?.child.pid ?? null),
      httpPort: service.httpPort,
      grpcPort: service.grpcPort ?? null,
      restarts: entry.restarts,
      restartAt: entry.restartAt === undefined ? null : new Date(entry.restartAt).toISOString(),
      crashLoop: entry.crashLoop,
    };
  }
}
