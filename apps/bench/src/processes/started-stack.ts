import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { StackPortVariable } from '@commlab/contracts';
import { spawnPnpmStart, waitForLine } from '@commlab/stack-ops';
import { stackPorts, type ThrowawayVhost, throwawayVhost } from '@commlab/testing';
import pg from 'pg';

import { processTree } from './process-cpu';

/** How long `pnpm start` may take to print "commlab is up" (the first start creates the PGlite stores). */
const START_TIMEOUT_MS = 300_000;
/** How long a graceful stop may take before the processes are killed. */
const STOP_TIMEOUT_MS = 40_000;

function isRunning(child: ChildProcess | undefined): child is ChildProcess {
  return child?.exitCode === null && child.signalCode === null;
}

/** `signal`, then SIGKILL to it and every process below it when it has not exited within STOP_TIMEOUT_MS. */
async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const killer = setTimeout(() => {
    for (const pid of processTree(child.pid ?? 0).reverse()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }, STOP_TIMEOUT_MS);
  child.kill(signal);
  await exited;
  clearTimeout(killer);
}

/** Stacks started and not stopped yet: the bench's exit handler stops what an early exit left behind. */
const running = new Set<StartedStack>();

process.once('exit', () => {
  // Last resort (an exit without `stop`): `pnpm start` stops its services on SIGTERM by itself.
  for (const stack of running) stack.abandon();
});

/** Stops every stack still running (Ctrl-C: main.ts calls it before exiting). */
export async function stopStartedStacks(): Promise<void> {
  await Promise.all([...running].map((stack) => stack.stop()));
}

export interface StartedStackOptions {
  root: string;
  rabbitmqUrl: string;
  /** Used when there is no redis-server on this machine to start one of the stack's own. */
  redisUrl: string;
  /** Set: the services keep their stores in a database of their own on this server instead of PGlite. */
  postgresUrl: string | undefined;
  /** More environment for every process of the stack (e.g. WEBHOOK_SIGNING_SECRET). */
  env: Record<string, string>;
  log(line: string): void;
}

/**
 * `pnpm start` — its supervisor, each service in a process of its own, kafka-lite and the trace store in
 * its process — as a user runs it, with the defaults it runs with, but on a block of free ports (never
 * the default ones), in a temporary data directory, a throwaway RabbitMQ vhost, a redis-server of its own
 * (when there is one on PATH; else REDIS_URL) and, with DATABASE_URL, a database of its own: nothing it
 * uses is shared with a stack the user runs. `stop` stops it and removes all of that.
 */
export class StartedStack {
  private startProcess: ChildProcess | undefined;
  private redisProcess: ChildProcess | undefined;
  private startLog: WriteStream | undefined;
  private vhost: ThrowawayVhost | undefined;
  private admin: pg.Client | undefined;
  private stopping: Promise<void> | undefined;
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'commlab-bench-stack-'));
  private readonly database = `commlab_bench_${randomBytes(4).toString('hex')}`;
  /** REDIS_URL of the stack (its own redis-server's, once started). */
  redisUrl: string;

  private constructor(
    readonly ports: Record<StackPortVariable, string>,
    private readonly redisPort: number,
    private readonly options: StartedStackOptions,
  ) {
    this.redisUrl = options.redisUrl;
  }

  static async start(options: StartedStackOptions): Promise<StartedStack> {
    const ports = await stackPorts();
    // Its redis-server on the port just past the block's last (the blocks start below 32768 - 16).
    const stack = new StartedStack(ports, Math.max(...Object.values(ports).map(Number)) + 1, options);
    running.add(stack);
    try {
      await stack.startAll();
      return stack;
    } catch (error) {
      await stack.stop();
      throw error;
    }
  }

  url(variable: StackPortVariable): string {
    return `http://127.0.0.1:${this.ports[variable]}`;
  }

  address(variable: StackPortVariable): string {
    return `127.0.0.1:${this.ports[variable]}`;
  }

  /** The `pnpm start` process (supervisor, kafka-lite and trace store); its children are the services. */
  get startPid(): number | undefined {
    return this.startProcess?.pid;
  }

  /** RABBITMQ_URL of the stack: its throwaway vhost. */
  get rabbitmqUrl(): string {
    if (this.vhost === undefined) throw new Error('the bench stack is not started');
    return this.vhost.url;
  }

  /** Whether the services keep their stores in PostgreSQL (else PGlite, in the data directory). */
  get onPostgres(): boolean {
    return this.options.postgresUrl !== undefined;
  }

  private databaseUrl(): string | undefined {
    if (this.options.postgresUrl === undefined) return undefined;
    const url = new URL(this.options.postgresUrl);
    url.pathname = `/${this.database}`;
    return url.toString();
  }

  private async startAll(): Promise<void> {
    const { options } = this;
    this.vhost = await throwawayVhost('bench', options.rabbitmqUrl);
    if (options.postgresUrl !== undefined) {
      this.admin = new pg.Client({ connectionString: options.postgresUrl });
      await this.admin.connect();
      await this.admin.query(`CREATE DATABASE "${this.database}"`);
    }
    if (spawnSync('redis-server', ['--version']).status === 0) {
      this.redisProcess = spawn(
        'redis-server',
        ['--port', String(this.redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      await waitForLine(this.redisProcess, 'Ready to accept connections', 'redis-server', 15_000);
      this.redisUrl = `redis://127.0.0.1:${String(this.redisPort)}`;
    }
    const databaseUrl = this.databaseUrl();
    this.startProcess = spawnPnpmStart(
      options.root,
      this.ports,
      {
        ...options.env,
        COMMLAB_DATA_DIR: this.dataDir,
        RABBITMQ_URL: this.vhost.url,
        REDIS_URL: this.redisUrl,
        ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
        // A crash during a run is a failed run, not something to paper over with a restart.
        RESTART_ON_CRASH: 'false',
      },
      { detached: true },
    );
    // What pnpm start prints (its supervisor's lines) is kept next to the service logs.
    this.startLog = createWriteStream(join(this.dataDir, 'pnpm-start.log'));
    this.startProcess.stdout?.pipe(this.startLog, { end: false });
    this.startProcess.stderr?.pipe(this.startLog, { end: false });
    options.log(
      `bench stack: pnpm start on ports ${this.ports.AUTH_HTTP_PORT}… (data ${this.dataDir}, vhost ${this.vhost.name}` +
        `, redis ${this.redisUrl}${databaseUrl === undefined ? ', PGlite' : `, database ${this.database}`}); waiting until it is up…`,
    );
    await waitForLine(this.startProcess, 'commlab is up', 'pnpm start', START_TIMEOUT_MS);
  }

  /** Stops everything it started and removes its vhost, database and data directory; safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async stopAll(): Promise<void> {
    // SIGINT, once: pnpm start stops its services gracefully (a second signal would cut that short).
    await stopChild(this.startProcess, 'SIGINT');
    await stopChild(this.redisProcess, 'SIGTERM');
    this.startLog?.end();
    await this.vhost?.drop().catch(() => undefined);
    if (this.admin !== undefined) {
      await this.admin
        .query(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`)
        .catch(() => undefined);
      await this.admin.end().catch(() => undefined);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
    running.delete(this);
  }

  /** The bench exits without having stopped it: signal the processes, which stop on their own. */
  abandon(): void {
    for (const child of [this.startProcess, this.redisProcess]) if (isRunning(child)) child.kill('SIGTERM');
  }
}
