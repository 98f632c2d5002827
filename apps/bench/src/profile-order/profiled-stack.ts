import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { spawnPnpmStart, waitForLine } from '@commlab/stack-ops';
import { stackPorts } from '@commlab/testing';
import pg from 'pg';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where the statement counter and CPU profiler (count-pg-statements.cjs) writes, one JSON file per process. */
const COUNTER = join(__dirname, 'count-pg-statements.cjs');

/**
 * `pnpm start` as a user runs it (kafka-lite and the trace store in its process, every service a child
 * process on PostgreSQL), but on a block of free ports, in a database, RabbitMQ vhost, redis-server and
 * data directory of its own, with the statement counter preloaded into every process. Nothing it uses is
 * shared with another stack on the machine.
 */
export class ProfiledStack {
  private startProcess: ChildProcess | undefined;
  private redisProcess: ChildProcess | undefined;
  private admin: pg.Client | undefined;
  private vhostCreated = false;
  readonly profileDir: string;

  private constructor(
    readonly dataDir: string,
    readonly ports: Record<string, string>,
    readonly redisPort: number,
    readonly name: string,
    private readonly root: string,
    private readonly baseUrls: { rabbitmq: string; postgres: string },
    private readonly cpuProfDir: string | undefined,
    private readonly env: Readonly<Record<string, string>>,
  ) {
    this.profileDir = join(dataDir, 'statements');
  }

  /**
   * `cpuProfDir`: every process also writes a V8 CPU profile there when it exits (see the counter).
   * `env`: more variables for `pnpm start` and its services (e.g. `OTEL_SDK_DISABLED`).
   */
  static async create(
    root: string,
    baseUrls: { rabbitmq: string; postgres: string },
    cpuProfDir?: string,
    env: Readonly<Record<string, string>> = {},
  ): Promise<ProfiledStack> {
    const ports = await stackPorts();
    // redis-server on the port just past the block's last (the blocks start below 32768 - 16).
    const redisPort = Math.max(...Object.values(ports).map(Number)) + 1;
    return new ProfiledStack(
      mkdtempSync(join(tmpdir(), 'commlab-profile-')),
      ports,
      redisPort,
      `commlab_profile_${randomBytes(4).toString('hex')}`,
      root,
      baseUrls,
      cpuProfDir,
      env,
    );
  }

  url(variable: string): string {
    return `http://127.0.0.1:${this.ports[variable] ?? ''}`;
  }

  get databaseUrl(): string {
    const url = new URL(this.baseUrls.postgres);
    url.pathname = `/${this.name}`;
    return url.toString();
  }

  /** The `pnpm start` process (kafka-lite and the trace store run in it). */
  get startPid(): number {
    const pid = this.startProcess?.pid;
    if (pid === undefined) throw new Error('the stack is not started');
    return pid;
  }

  async start(log: (line: string) => void): Promise<void> {
    mkdirSync(this.profileDir);
    await run('rabbitmqctl', ['add_vhost', this.name], { timeout: 30_000 });
    this.vhostCreated = true;
    const rabbit = new URL(this.baseUrls.rabbitmq);
    const user = decodeURIComponent(rabbit.username || 'guest');
    await run('rabbitmqctl', ['set_permissions', '-p', this.name, user, '.*', '.*', '.*'], {
      timeout: 30_000,
    });
    rabbit.pathname = `/${this.name}`;
    this.admin = new pg.Client({ connectionString: this.baseUrls.postgres });
    await this.admin.connect();
    await this.admin.query(`CREATE DATABASE "${this.name}"`);
    this.redisProcess = spawn(
      'redis-server',
      ['--port', String(this.redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await waitForLine(this.redisProcess, 'Ready to accept connections', 'redis-server', 15_000);
    this.startProcess = spawnPnpmStart(this.root, this.ports, {
      ...this.env,
      NODE_OPTIONS: `--require ${COUNTER}`,
      ...(this.cpuProfDir === undefined ? {} : { COMMLAB_CPU_PROF_DIR: this.cpuProfDir }),
      COMMLAB_PROFILE_DIR: this.profileDir,
      COMMLAB_DATA_DIR: this.dataDir,
      RABBITMQ_URL: rabbit.toString(),
      REDIS_URL: `redis://127.0.0.1:${String(this.redisPort)}`,
      DATABASE_URL: this.databaseUrl,
      RESTART_ON_CRASH: 'false',
    });
    log(
      `  stack: ${this.name} (database, vhost), data ${this.dataDir}, order-service ${this.url('ORDER_HTTP_PORT')}`,
    );
    await waitForLine(this.startProcess, 'commlab is up', 'pnpm start', 300_000);
  }

  /** A connection to the stack's database (pg_stat_user_tables only shows the database it is connected to). */
  async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'profile-order' });
    await client.connect();
    return client;
  }

  async close(): Promise<void> {
    const stop = async (child: ChildProcess | undefined, signal: NodeJS.Signals) => {
      if (child?.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      if (!(await Promise.race([exited.then(() => true), sleep(40_000).then(() => false)]))) {
        child.kill('SIGKILL');
        await exited;
      }
    };
    await stop(this.startProcess, 'SIGINT');
    await stop(this.redisProcess, 'SIGTERM');
    if (this.admin !== undefined) {
      await this.admin.query(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`).catch(() => undefined);
      await this.admin.end();
    }
    if (this.vhostCreated)
      await run('rabbitmqctl', ['delete_vhost', this.name], { timeout: 30_000 }).catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
