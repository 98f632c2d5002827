import { join } from 'node:path';

import type { ServiceState, ServiceStatus } from '@commlab/stack-ops';

import { type RunningService, spawnService, stopService, tail, waitHealthy } from '../start/service-process';
import type { StackService } from '../start/stack-services';

/** A service that ended without being asked to: the stack stops (what `pnpm start` always did). */
export interface ServiceCrash {
  name: string;
  reason: string;
  logFile: string;
}

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
}

export interface StackSupervisorOptions {
  cwd: string;
  logDir: string;
  startTimeoutMs: number;
  envFor: (service: StackService) => NodeJS.ProcessEnv;
}

/**
 * The services of `pnpm start`, each a child process: started together, and afterwards stopped,
 * started, paused (SIGSTOP: the process keeps its ports and answers nothing — a hung service) or resumed
 * one at a time on request (`pnpm stack …`). A service that exits without having been asked to is a
 * crash, reported through `crashed`.
 */
export class StackSupervisor {
  private readonly entries = new Map<string, Entry>();
  private reportCrash: (crash: ServiceCrash) => void = () => undefined;
  readonly crashed: Promise<ServiceCrash>;

  constructor(
    services: readonly { service: StackService; entry: string }[],
    private readonly options: StackSupervisorOptions,
  ) {
    for (const { service, entry } of services) {
      this.entries.set(service.name, { service, entry, state: 'stopped', running: undefined });
    }
    this.crashed = new Promise((resolve) => {
      this.reportCrash = resolve;
    });
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
        if (problem === undefined) entry.state = 'running';
        return { name: entry.service.name, problem, logFile: running.logFile };
      }),
    );
    return outcomes.flatMap(({ name, problem, logFile }) =>
      problem === undefined ? [] : [{ name, problem, logFile }],
    );
  }

  status(): ServiceStatus[] {
    return [...this.entries.values()].map(({ service, state, running }) => ({
      name: service.name,
      state,
      pid: state === 'stopped' ? null : (running?.child.pid ?? null),
      httpPort: service.httpPort,
      grpcPort: service.grpcPort ?? null,
    }));
  }

  /** Stops one service gracefully (SIGTERM, in-flight work finishes). Stopping a stopped one is a no-op. */
  async stop(name: string): Promise<ServiceStatus> {
    const entry = this.find(name);
    if (entry.state === 'stopped') return this.statusOf(entry);
    this.requireState(entry, ['running', 'paused'], 'stop');
    entry.state = 'stopping';
    if (entry.running !== undefined) await stopService(entry.running);
    entry.running = undefined;
    entry.state = 'stopped';
    return this.statusOf(entry);
  }

  /** Starts a stopped service again (with `extraEnv` added to its environment) and waits until it is healthy. */
  async start(name: string, extraEnv: Record<string, string> = {}): Promise<ServiceStatus> {
    const entry = this.find(name);
    if (entry.state === 'running') return this.statusOf(entry);
    this.requireState(entry, ['stopped'], 'start');
    const running = this.spawn(entry, extraEnv);
    const problem = await waitHealthy(running, this.options.startTimeoutMs);
    if (problem !== undefined) {
      entry.state = 'stopping';
      await stopService(running);
      entry.running = undefined;
      entry.state = 'stopped';
      throw new StackRequestError(
        'START_FAILED',
        `${name} ${problem}. Last lines of ${running.logFile}:\n${tail(running.logFile)}`,
      );
    }
    entry.state = 'running';
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

  /** Stops every service (a paused one is resumed first, or it could not handle SIGTERM). */
  async stopAll(): Promise<void> {
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
    entry.state = 'starting';
    void running.exited.then((reason) => {
      if (entry.running !== running || entry.state === 'stopping') return;
      // Ending while starting is the start's failure (waitHealthy reports it), not a crash of the stack.
      const wasUp = entry.state === 'running' || entry.state === 'paused';
      entry.running = undefined;
      entry.state = 'stopped';
      if (wasUp) this.reportCrash({ name: service.name, reason, logFile: running.logFile });
    });
    return running;
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
    const status = this.status().find((s) => s.name === entry.service.name);
    if (status === undefined) throw new Error(`no status for ${entry.service.name}`);
    return status;
  }
}
