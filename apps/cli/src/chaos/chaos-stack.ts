import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { STACK_PORT_VARIABLES } from '@commlab/contracts';
import {
  callStackControl,
  type ServiceStatus,
  spawnPnpmStart,
  stackControlSocket,
  waitForLine,
} from '@commlab/stack-ops';
import pg from 'pg';

import type { OrderStatus, TruthSnapshot } from './chaos-accounting';

const run = promisify(execFile);

/** The port variables of `pnpm start`, and of the chaos stack's own redis-server: a block of free ports. */
const PORT_VARIABLES = [...STACK_PORT_VARIABLES, 'REDIS_PORT'] as const;

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => {
      resolve(false);
    });
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      server.close(() => {
        resolve(true);
      });
    });
  });
}

/** A block of free ports below the ephemeral range, never the defaults (3000–3004, 8080, 9092, …). */
async function portBlock(): Promise<Record<(typeof PORT_VARIABLES)[number], number>> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    const ports = PORT_VARIABLES.map((_, index) => base + index);
    if ((await Promise.all(ports.map(isFree))).every(Boolean))
      return Object.fromEntries(PORT_VARIABLES.map((name, i) => [name, ports[i]])) as Record<
        (typeof PORT_VARIABLES)[number],
        number
      >;
  }
  throw new Error('no block of free ports between 20000 and 32767');
}

async function rabbitmqctl(args: readonly string[]): Promise<string> {
  try {
    return (await run('rabbitmqctl', [...args], { timeout: 30_000 })).stdout;
  } catch (error) {
    throw new Error(`rabbitmqctl ${args.join(' ')} failed; pnpm chaos needs rabbitmqctl on this machine`, {
      cause: error,
    });
  }
}

/** A child process that has not exited (neither with a code nor by a signal). */
function isRunning(child: ChildProcess | undefined): child is ChildProcess {
  return child?.exitCode === null && child.signalCode === null;
}

const CHAOS_NEEDS_IT = 'pnpm chaos needs it on this machine';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A stack that belongs to `pnpm chaos` alone: `pnpm start` on a block of free ports with its own data
 * directory, RabbitMQ vhost, PostgreSQL database, redis-server and kafka-lite process, so each can be
 * broken without touching anything else on the machine.
 */
export class ChaosStack {
  private startProcess: ChildProcess | undefined;
  private kafkaProcess: ChildProcess | undefined;
  private redisProcess: ChildProcess | undefined;
  private pgAdmin: pg.Pool | undefined;
  private pool: pg.Pool | undefined;
  private startLog: WriteStream | undefined;
  private vhostCreated = false;
  private databaseCreated = false;

  private constructor(
    readonly dataDir: string,
    readonly ports: Record<(typeof PORT_VARIABLES)[number], number>,
    readonly vhost: string,
    readonly database: string,
    private readonly root: string,
    private readonly baseUrls: { rabbitmq: string; postgres: string },
  ) {}

  static async create(root: string, baseUrls: { rabbitmq: string; postgres: string }): Promise<ChaosStack> {
    const suffix = randomBytes(4).toString('hex');
    return new ChaosStack(
      mkdtempSync(join(tmpdir(), 'commlab-chaos-')),
      await portBlock(),
      `commlab-chaos-${suffix}`,
      `commlab_chaos_${suffix}`,
      root,
      baseUrls,
    );
  }

  get orderUrl(): string {
    return `http://127.0.0.1:${String(this.ports.ORDER_HTTP_PORT)}`;
  }
  get authUrl(): string {
    return `http://127.0.0.1:${String(this.ports.AUTH_HTTP_PORT)}`;
  }
  get inventoryUrl(): string {
    return `http://127.0.0.1:${String(this.ports.INVENTORY_HTTP_PORT)}`;
  }
  /** The service logs `pnpm start` writes (order-service.log, inventory-service.log, …). */
  get logDir(): string {
    return join(this.dataDir, 'logs');
  }
  /** What `pnpm start` itself printed. */
  get startLogFile(): string {
    return join(this.dataDir, 'pnpm-start.log');
  }
  get databaseUrl(): string {
    const url = new URL(this.baseUrls.postgres);
    url.pathname = `/${this.database}`;
    return url.toString();
  }

  async start(log: (line: string) => void): Promise<void> {
    // RabbitMQ: a vhost of our own (its connections are the only ones a cut closes).
    await rabbitmqctl(['add_vhost', this.vhost]);
    this.vhostCreated = true;
    const base = new URL(this.baseUrls.rabbitmq);
    await rabbitmqctl([
      'set_permissions',
      '-p',
      this.vhost,
      decodeURIComponent(base.username || 'guest'),
      '.*',
      '.*',
      '.*',
    ]);
    const rabbitUrl = new URL(base.toString());
    rabbitUrl.pathname = `/${encodeURIComponent(this.vhost)}`;
    // PostgreSQL: a database of our own (the only one whose backends are terminated).
    this.pgAdmin = new pg.Pool({ connectionString: this.baseUrls.postgres, max: 1 });
    await this.pgAdmin.query(`CREATE DATABASE "${this.database}"`);
    this.databaseCreated = true;
    this.pool = new pg.Pool({ connectionString: this.databaseUrl, max: 2 });
    this.pool.on('error', () => undefined);
    await this.startRedis();
    await this.startKafka();
    log(
      `  stack: data ${this.dataDir}, vhost ${this.vhost}, database ${this.database}, redis :${String(this.ports.REDIS_PORT)}, kafka-lite :${String(this.ports.KAFKA_LITE_PORT)}`,
    );
    const ports = Object.fromEntries(Object.entries(this.ports).map(([k, v]) => [k, String(v)]));
    this.startProcess = spawnPnpmStart(this.root, ports, {
      COMMLAB_DATA_DIR: this.dataDir,
      RABBITMQ_URL: rabbitUrl.toString(),
      REDIS_URL: `redis://127.0.0.1:${String(this.ports.REDIS_PORT)}`,
      DATABASE_URL: this.databaseUrl,
      KAFKA_LITE: 'false',
      KAFKA_BROKERS: `127.0.0.1:${String(this.ports.KAFKA_LITE_PORT)}`,
      LOG_LEVEL: 'warn',
    });
    // What pnpm start prints (its supervisor's restarts, crashes) is kept next to the service logs.
    this.startLog = createWriteStream(this.startLogFile);
    this.startProcess.stdout?.pipe(this.startLog, { end: false });
    this.startProcess.stderr?.pipe(this.startLog, { end: false });
    log('  … pnpm start (the first start creates the databases; up to a few minutes)');
    await waitForLine(this.startProcess, 'commlab is up', 'pnpm start', 300_000, CHAOS_NEEDS_IT);
  }

  async startRedis(): Promise<void> {
    this.redisProcess = spawn(
      'redis-server',
      ['--port', String(this.ports.REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await waitForLine(
      this.redisProcess,
      'Ready to accept connections',
      'redis-server',
      15_000,
      CHAOS_NEEDS_IT,
    );
  }

  /** Stops our redis-server (SIGTERM, an empty dataset: it comes back empty, like a restarted cache). */
  async stopRedis(): Promise<void> {
    const redis = this.redisProcess;
    if (!isRunning(redis)) return;
    const exited = new Promise((resolve) => redis.once('exit', resolve));
    redis.kill('SIGTERM');
    await exited;
  }

  async startKafka(): Promise<void> {
    this.kafkaProcess = spawn(
      process.execPath,
      [
        '--conditions=@commlab/source',
        '--import',
        'tsx',
        join('apps', 'cli', 'src', 'chaos', 'kafka-lite-process.ts'),
        String(this.ports.KAFKA_LITE_PORT),
        join(this.dataDir, 'kafka-lite'),
      ],
      { cwd: this.root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await waitForLine(this.kafkaProcess, 'kafka-lite listening', 'kafka-lite', 60_000, CHAOS_NEEDS_IT);
  }

  /** kill -9 of the kafka-lite process. */
  async killKafka(): Promise<void> {
    const kafka = this.kafkaProcess;
    if (!isRunning(kafka)) return;
    const exited = new Promise((resolve) => kafka.once('exit', resolve));
    kafka.kill('SIGKILL');
    await exited;
  }

  async services(): Promise<ServiceStatus[]> {
    const answer = await callStackControl(
      stackControlSocket(this.dataDir),
      'GET',
      '/services',
      undefined,
      10_000,
    );
    return (answer.body as { services: ServiceStatus[] }).services;
  }

  async control(service: string, action: 'pause' | 'resume' | 'start'): Promise<void> {
    const answer = await callStackControl(
      stackControlSocket(this.dataDir),
      'POST',
      `/services/${service}/${action}`,
      undefined,
      180_000,
    );
    if (answer.status >= 400)
      throw new Error(`pnpm stack ${action} ${service}: ${JSON.stringify(answer.body)}`);
  }

  /** kill -9 of one service's process; pnpm start's supervisor restarts it. Returns its restarts before. */
  async killService(service: string): Promise<number> {
    const status = (await this.services()).find((s) => s.name === service);
    if (status?.pid == null)
      throw new Error(`${service} has no process to kill (${status?.state ?? 'unknown'})`);
    process.kill(status.pid, 'SIGKILL');
    return status.restarts;
  }

  /** Waits until every service runs (the supervisor restarted what was killed). */
  async waitAllRunning(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const services = await this.services().catch(() => []);
      if (services.length > 0 && services.every((s) => s.state === 'running')) return;
      if (Date.now() > deadline)
        throw new Error(
          `services not running after ${String(timeoutMs)} ms: ${services.map((s) => `${s.name}=${s.state}`).join(', ')}`,
        );
      await sleep(500);
    }
  }

  /** Closes every RabbitMQ connection of our vhost (and only of it). Returns how many. */
  async cutRabbitMq(): Promise<number> {
    const listing = await rabbitmqctl(['list_connections', '-q', '--no-table-headers', 'pid', 'vhost']);
    const ours = listing
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([pid, vhost]) => pid !== undefined && vhost === this.vhost);
    for (const [pid] of ours)
      await rabbitmqctl(['close_connection', pid ?? '', 'pnpm chaos: connection cut']);
    return ours.length;
  }

  /** pg_terminate_backend on every backend of our database (and only of it). Returns how many. */
  async terminateBackends(): Promise<number> {
    const { rows } = await this.admin().query<{ terminated: boolean }>(
      'SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [this.database],
    );
    return rows.filter((row) => row.terminated).length;
  }

  private admin(): pg.Pool {
    if (this.pgAdmin === undefined) throw new Error('the chaos stack is not started');
    return this.pgAdmin;
  }

  private db(): pg.Pool {
    if (this.pool === undefined) throw new Error('the chaos stack is not started');
    return this.pool;
  }

  /** The statuses of `orderIds` in order-service's table (those that exist). */
  async orderStatuses(orderIds: readonly string[]): Promise<Map<string, OrderStatus>> {
    const { rows } = await this.db().query<{ id: string; status: OrderStatus }>(
      'SELECT id, status FROM order_service.orders WHERE id = ANY($1::text[])',
      [orderIds],
    );
    return new Map(rows.map((row) => [row.id, row.status]));
  }

  /**
   * Brings the deadline of those of `orderIds` still PENDING forward to now (`expires_at` in
   * order-service's table): its expiry job expires them on its next round, as if their time had run out.
   * Returns how many.
   */
  async expireNow(orderIds: readonly string[]): Promise<number> {
    const { rowCount } = await this.db().query(
      "UPDATE order_service.orders SET expires_at = now() WHERE id = ANY($1::text[]) AND status = 'PENDING'",
      [orderIds],
    );
    return rowCount ?? 0;
  }

  /** Stock inventory has reserved for orders still PENDING: a saga between its reservation and its reply. */
  async reservedNotConfirmed(): Promise<number> {
    const { rows } = await this.db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM inventory_service.reservations r
         JOIN order_service.orders o ON o.id = r.order_id
        WHERE r.status = 'active' AND o.status = 'PENDING'`,
    );
    return rows[0]?.n ?? 0;
  }

  /** Rows of order-service's outbox not yet published (a committed order's next saga step among them). */
  async orderOutboxUnsent(): Promise<number> {
    const { rows } = await this.db().query<{ n: number }>(
      "SELECT count(*)::int AS n FROM order_service.outbox_messages WHERE status = 'PENDING'",
    );
    return rows[0]?.n ?? 0;
  }

  async catalogSkus(): Promise<string[]> {
    const { rows } = await this.db().query<{ sku: string }>(
      'SELECT sku FROM inventory_service.catalog_items ORDER BY sku',
    );
    return rows.map((row) => row.sku);
  }

  async messagesQueued(): Promise<number> {
    const listing = await rabbitmqctl([
      'list_queues',
      '-p',
      this.vhost,
      '-q',
      '--no-table-headers',
      'name',
      'messages',
    ]);
    let total = 0;
    for (const line of listing.split('\n')) {
      const [name, messages] = line.trim().split(/\s+/);
      if (name === undefined || messages === undefined || /dlq|dead/.test(name)) continue;
      total += Number(messages) || 0;
    }
    return total;
  }

  /** The sources of truth; `withQueues: false` skips RabbitMQ's queue depths (rabbitmqctl takes ~1 s). */
  async truth(withQueues = true): Promise<TruthSnapshot> {
    // The pool's own connections are terminated too in the pg-terminate scenario: retry once.
    const attempt = async (): Promise<TruthSnapshot> => {
      const db = this.db();
      const [orders, items, notifications, reservations, moves, counts, deadLetters] = await Promise.all([
        db.query<{
          id: string;
          status: OrderStatus;
          mode: 'sync' | 'async';
          cancelled_from: 'PENDING' | 'CONFIRMED' | null;
        }>(
          // A CANCELLED order was CONFIRMED before if it is sync or inventory had answered (completed_at).
          `SELECT id, status, mode,
                  CASE WHEN status <> 'CANCELLED' THEN NULL
                       WHEN mode = 'sync' OR completed_at IS NOT NULL THEN 'CONFIRMED' ELSE 'PENDING' END
                    AS cancelled_from
             FROM order_service.orders`,
        ),
        db.query<{ order_id: string; sku: string; quantity: number }>(
          'SELECT order_id, sku, quantity FROM order_service.order_items',
        ),
        db.query<{ order_id: string; template: string; status: string | null }>(
          "SELECT order_id, template, params->>'status' AS status FROM notification_service.notifications",
        ),
        db.query<{ order_id: string; status: 'active' | 'released' | 'cancelled' }>(
          'SELECT order_id, status FROM inventory_service.reservations',
        ),
        db.query<{
          order_id: string;
          sku: string;
          reserved_events: number;
          reserved_units: number;
          released_events: number;
          released_units: number;
        }>(
          // The event store, per reservation's order and SKU: what was taken and given back, how often.
          `SELECT coalesce(r.order_id, e.reservation_id) AS order_id, e.sku,
                  count(*) FILTER (WHERE e.type = 'StockReserved')::int AS reserved_events,
                  coalesce(sum(e.quantity) FILTER (WHERE e.type = 'StockReserved'), 0)::int AS reserved_units,
                  count(*) FILTER (WHERE e.type = 'StockReleased')::int AS released_events,
                  coalesce(sum(e.quantity) FILTER (WHERE e.type = 'StockReleased'), 0)::int AS released_units
             FROM inventory_service.stock_events e
             LEFT JOIN inventory_service.reservations r ON r.reservation_id = e.reservation_id
            WHERE e.type IN ('StockReserved', 'StockReleased') AND e.reservation_id IS NOT NULL
            GROUP BY 1, 2`,
        ),
        db.query<{ status: string; orders: string }>(
          'SELECT status, orders FROM reporting_service.order_counts',
        ),
        db.query<{ n: string }>('SELECT count(*) AS n FROM notification_service.dead_letters'),
      ]);
      const reporting = { placed: 0, confirmed: 0, rejected: 0, cancelled: 0 };
      for (const row of counts.rows) reporting[row.status as keyof typeof reporting] = Number(row.orders);
      const itemsOf = new Map<string, { sku: string; quantity: number }[]>();
      for (const item of items.rows)
        itemsOf.set(item.order_id, [
          ...(itemsOf.get(item.order_id) ?? []),
          { sku: item.sku, quantity: item.quantity },
        ]);
      return {
        orders: orders.rows.map((o) => ({
          id: o.id,
          status: o.status,
          mode: o.mode,
          cancelledFrom: o.cancelled_from,
          items: itemsOf.get(o.id) ?? [],
        })),
        notifications: notifications.rows.map((n) => ({
          orderId: n.order_id,
          template: n.template,
          status: n.status,
        })),
        reservations: reservations.rows.map((r) => ({ orderId: r.order_id, status: r.status })),
        stockMoves: moves.rows.map((m) => ({
          orderId: m.order_id,
          sku: m.sku,
          reservedEvents: m.reserved_events,
          reservedUnits: m.reserved_units,
          releasedEvents: m.released_events,
          releasedUnits: m.released_units,
        })),
        reporting,
        deadLetters: Number(deadLetters.rows[0]?.n ?? 0),
        queued: withQueues ? await this.messagesQueued() : 0,
      };
    };
    try {
      return await attempt();
    } catch {
      await sleep(500);
      return attempt();
    }
  }

  /**
   * Stops everything it started and removes its vhost and database; the data directory (service logs,
   * kafka-lite's log) too unless `keepDataDir`, for a scenario that failed to be followed in its logs.
   */
  async close(options: { keepDataDir?: boolean } = {}): Promise<void> {
    const stopChild = async (child: ChildProcess | undefined, signal: NodeJS.Signals, graceMs: number) => {
      if (!isRunning(child)) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      if (!(await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]))) {
        child.kill('SIGKILL');
        await exited;
      }
    };
    await stopChild(this.startProcess, 'SIGINT', 40_000);
    await stopChild(this.kafkaProcess, 'SIGTERM', 10_000);
    await stopChild(this.redisProcess, 'SIGTERM', 10_000);
    const startLog = this.startLog;
    if (startLog !== undefined) await new Promise((resolve) => startLog.end(resolve));
    await this.pool?.end().catch(() => undefined);
    if (this.databaseCreated) {
      await this.terminateBackends().catch(() => 0);
      await this.admin()
        .query(`DROP DATABASE IF EXISTS "${this.database}"`)
        .catch(() => undefined);
    }
    await this.pgAdmin?.end().catch(() => undefined);
    if (this.vhostCreated) await rabbitmqctl(['delete_vhost', this.vhost]).catch(() => '');
    if (options.keepDataDir !== true) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
