import { infrastructureConfigSchema, loadConfig } from '@commlab/config';

import { repoRoot } from '../repo-root';
import type { CommandIo } from '../start/command-io';
import {
  formatChaosReport,
  isSettled,
  reconcile,
  type ScenarioReport,
  scenarioPassed,
  type SentOrder,
} from './chaos-accounting';
import { CHAOS_USAGE, type ChaosScenarioName, ChaosUsageError, parseChaosArgs } from './chaos-args';
import { ChaosStack } from './chaos-stack';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The order load of one scenario: `count` POST /orders, every fifth one sync, `concurrency` at a time. */
class Load {
  readonly sent: SentOrder[] = [];
  private started = 0;

  constructor(
    private readonly stack: ChaosStack,
    private readonly token: string,
    private readonly skus: readonly string[],
  ) {}

  async run(count: number, options: { concurrency?: number; syncEvery?: number } = {}): Promise<void> {
    const concurrency = options.concurrency ?? 16;
    const syncEvery = options.syncEvery ?? 5;
    const worker = async () => {
      while (this.started < count) {
        const n = this.started++;
        const mode = syncEvery > 0 && n % syncEvery === 0 ? 'sync' : 'async';
        this.sent.push(await this.place(mode, n));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  get progress(): number {
    return this.sent.length;
  }

  private async place(mode: 'sync' | 'async', n: number): Promise<SentOrder> {
    try {
      const response = await fetch(`${this.stack.orderUrl}/orders`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.token}`,
          ...(mode === 'async' ? { prefer: 'respond-async' } : {}),
        },
        body: JSON.stringify({ items: [{ sku: this.skus[n % this.skus.length] ?? 'mug-red', quantity: 1 }] }),
        signal: AbortSignal.timeout(15_000),
      });
      const body = (await response.json().catch(() => ({}))) as { id?: string };
      return response.ok && body.id !== undefined
        ? { mode, httpStatus: response.status, id: body.id }
        : { mode, httpStatus: response.status };
    } catch {
      // No answer (the service was killed, or the request timed out): nothing was promised.
      return { mode, httpStatus: 0 };
    }
  }
}

interface Scenario {
  fault: string;
  /** Runs the load and the fault; returns when the fault is over, with what was in flight when it hit. */
  run(ctx: ScenarioContext): Promise<string>;
}

interface ScenarioContext {
  stack: ChaosStack;
  load: Load;
  orders: number;
  /** Marks the moment of the fault (recovery is measured from it). */
  faultNow: () => void;
  inScope: (orderId: string) => boolean;
  progress: (text: string) => void;
}

/** Waits until `load` has sent `share` of its orders. */
async function until(load: Load, count: number): Promise<void> {
  while (load.progress < count) await sleep(50);
}

/** What is outstanding right now: messages in RabbitMQ queues, orders pending, effects not yet there. */
async function backlog(ctx: ScenarioContext): Promise<string> {
  const account = reconcile(ctx.load.sent, await ctx.stack.truth(), ctx.inScope);
  return `${String(account.queued)} msgs queued, ${String(account.states.PENDING)} orders pending, ${String(account.outstanding)} effects to do`;
}

/** Pause a consumer, queue the load for it, let it run again and kill -9 it mid-drain. */
function killConsumer(service: string, what: string): Scenario {
  return {
    fault: `kill -9 of ${service} while it drains a backlog (${what}); the supervisor restarts it`,
    async run(ctx) {
      const { stack, load, orders, faultNow, progress } = ctx;
      await stack.control(service, 'pause');
      await load.run(orders, { syncEvery: service === 'inventory-service' ? 0 : 5 });
      progress(`${service}: ${String(orders)} orders sent while it was paused`);
      if (service !== 'inventory-service') {
        // Every order final first: all of its messages are then waiting for the paused consumer.
        const deadline = Date.now() + 120_000;
        while (Date.now() < deadline && (await stack.truth()).orders.some((o) => o.status === 'PENDING'))
          await sleep(500);
      }
      const outstanding = async () => reconcile(load.sent, await stack.truth(false), ctx.inScope).outstanding;
      const before = await outstanding();
      await stack.control(service, 'resume');
      // Kill it mid-drain: once it has done a little of its backlog (a Kafka consumer first rejoins its group).
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && (await outstanding()) > before * 0.9) await sleep(50);
      faultNow();
      await stack.killService(service);
      // Measured right after the kill: what the dead process held comes back to the queues unacked.
      const inFlight = await backlog(ctx);
      progress(`${service}: kill -9 (${inFlight})`);
      return inFlight;
    },
  };
}

const SCENARIOS: Record<ChaosScenarioName, Scenario> = {
  'kill-notification': killConsumer('notification-service', 'order events and notification jobs on RabbitMQ'),
  'kill-reporting': killConsumer('reporting-service', 'order and inventory events on Kafka'),
  'kill-inventory': killConsumer('inventory-service', 'ReserveStock commands on RabbitMQ'),
  'kill-order': {
    fault:
      'kill -9 of order-service while it consumes the inventory replies (Kafka) of a backlog of async orders',
    async run(ctx) {
      const { stack, load, orders, faultNow, progress } = ctx;
      await stack.control('inventory-service', 'pause');
      await load.run(orders, { syncEvery: 0 });
      await stack.control('inventory-service', 'resume');
      await sleep(1_500);
      faultNow();
      await stack.killService('order-service');
      // Measured right after the kill: what the dead process held comes back to the queues unacked.
      const inFlight = await backlog(ctx);
      progress(`order-service: kill -9 (${inFlight})`);
      return inFlight;
    },
  },
  'kill-kafka-lite': {
    fault: 'kill -9 of kafka-lite mid-stream, started again 3 s later on the same port and data directory',
    async run(ctx) {
      const { stack, load, orders, faultNow, progress } = ctx;
      const running = load.run(orders);
      await until(load, Math.floor(orders * 0.4));
      const inFlight = await backlog(ctx);
      faultNow();
      await stack.killKafka();
      progress(`kafka-lite: kill -9 (${inFlight})`);
      await sleep(3_000);
      await stack.startKafka();
      progress('kafka-lite: started again');
      await running;
      return inFlight;
    },
  },
  'rabbitmq-cut': {
    fault:
      "every RabbitMQ connection of the stack's vhost closed by the broker (rabbitmqctl close_connection), twice",
    async run(ctx) {
      const { stack, load, orders, faultNow, progress } = ctx;
      const running = load.run(orders);
      await until(load, Math.floor(orders * 0.3));
      const inFlight = await backlog(ctx);
      faultNow();
      progress(`rabbitmq: ${String(await stack.cutRabbitMq())} connections closed (${inFlight})`);
      await until(load, Math.floor(orders * 0.6));
      progress(`rabbitmq: ${String(await stack.cutRabbitMq())} connections closed`);
      await running;
      return inFlight;
    },
  },
  'pg-terminate': {
    fault: "pg_terminate_backend on every backend of the stack's database, 5 times 1 s apart, during orders",
    async run(ctx) {
      const { stack, load, orders, faultNow, progress } = ctx;
      const running = load.run(orders);
      await until(load, Math.floor(orders * 0.3));
      const inFlight = await backlog(ctx);
      faultNow();
      for (let i = 0; i < 5; i++) {
        progress(`postgres: ${String(await stack.terminateBackends())} backends terminated`);
        await sleep(1_000);
      }
      await running;
      return inFlight;
    },
  },
  'redis-stop': {
    fault: "the stack's redis-server stopped for 8 s during orders, then started again (empty)",
    async run(ctx) {
      const { stack, load, orders, faultNow, progress } = ctx;
      const running = load.run(orders);
      await until(load, Math.floor(orders * 0.3));
      const inFlight = await backlog(ctx);
      faultNow();
      await stack.stopRedis();
      progress('redis: stopped');
      await sleep(8_000);
      await stack.startRedis();
      progress('redis: started again');
      await running;
      return inFlight;
    },
  },
  'inventory-pause': {
    fault:
      "inventory-service frozen (SIGSTOP) for 10 s, past order-service's 2 s downstream deadline, during orders",
    async run(ctx) {
      const { stack, load, orders, faultNow, progress } = ctx;
      const running = load.run(orders);
      await until(load, Math.floor(orders * 0.3));
      const inFlight = await backlog(ctx);
      faultNow();
      await stack.control('inventory-service', 'pause');
      progress('inventory-service: paused');
      await sleep(10_000);
      await stack.control('inventory-service', 'resume');
      progress('inventory-service: resumed');
      await running;
      return inFlight;
    },
  },
};

async function login(stack: ChaosStack): Promise<string> {
  const response = await fetch(`${stack.authUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'alice@example.com', password: 'alice-password' }),
  });
  if (!response.ok) throw new Error(`login as alice failed: ${String(response.status)}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/**
 * Stock for a scenario: `units` more of each SKU (inventory's POST /stock/{sku}/adjustments with the
 * DEV-ONLY service client of development), so its orders are not all rejected for want of stock.
 */
async function restock(stack: ChaosStack, skus: readonly string[], units: number): Promise<void> {
  const token = await fetch(`${stack.authUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from('commlab-bench:dev-only-commlab-bench-secret').toString('base64')}`,
    },
    body: 'grant_type=client_credentials',
  });
  if (!token.ok) throw new Error(`the service token for restocking was refused: ${String(token.status)}`);
  const { access_token: accessToken } = (await token.json()) as { access_token: string };
  for (const sku of skus) {
    const response = await fetch(`${stack.inventoryUrl}/stock/${sku}/adjustments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ kind: 'received', quantity: units, reason: 'pnpm chaos restock' }),
    });
    if (!response.ok) throw new Error(`restocking ${sku} failed: ${String(response.status)}`);
  }
}

/**
 * `pnpm chaos`: starts a stack of its own, then per scenario drives orders, injects the fault, waits for
 * the stack to settle and reconciles from the sources of truth. Exit 1 when anything is lost or doubled.
 */
export async function chaosCommand(
  io: CommandIo,
  argv: readonly string[],
  signal: AbortSignal,
): Promise<number> {
  let args;
  try {
    args = parseChaosArgs(argv);
  } catch (error) {
    if (error instanceof ChaosUsageError) {
      io.err(`commlab chaos: ${error.message}\n${CHAOS_USAGE}`);
      return 2;
    }
    throw error;
  }
  if (args.kind === 'help') {
    io.out(CHAOS_USAGE);
    return 0;
  }
  const config = loadConfig(infrastructureConfigSchema);
  const stack = await ChaosStack.create(repoRoot(), {
    rabbitmq: config.RABBITMQ_URL,
    postgres: config.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  });
  const started = Date.now();
  const progress = (text: string) => {
    io.err(`  [${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);
  };
  io.out(`commlab chaos: ${args.scenarios.join(', ')}; ${String(args.orders)} orders each`);
  const reports: ScenarioReport[] = [];
  let completed = false;
  try {
    await stack.start(progress);
    const token = await login(stack);
    const skus = await stack.catalogSkus();
    progress(`stack up; ordering ${skus.join(', ')}`);
    for (const name of args.scenarios) {
      if (signal.aborted) break;
      await stack.waitAllRunning(120_000);
      // About 80 % of the orders can be served: both final states occur.
      await restock(stack, skus, Math.ceil((args.orders * 0.8) / Math.max(skus.length, 1)));
      const before = await stack.truth();
      const seen = new Set([...before.orders.map((o) => o.id), ...before.reservations.map((r) => r.orderId)]);
      const inScope = (id: string) => !seen.has(id);
      const load = new Load(stack, token, skus);
      const scenario = SCENARIOS[name];
      progress(`${name}: ${scenario.fault}`);
      let faultAt = Date.now();
      const ticker = setInterval(() => {
        progress(`${name}: ${String(load.progress)}/${String(args.orders)} orders sent`);
      }, 5_000);
      let inFlight: string;
      try {
        inFlight = await scenario.run({
          stack,
          load,
          orders: args.orders,
          inScope,
          faultNow: () => (faultAt = Date.now()),
          progress: (text) => {
            progress(text);
          },
        });
      } finally {
        clearInterval(ticker);
      }
      // Recovery: wait until every order is final and every effect is in place, or give up.
      const deadline = Date.now() + 120_000 + args.orders * 100;
      let account = reconcile(load.sent, await stack.truth(), inScope);
      let recoveredMs: number | undefined;
      let lastNote = 0;
      for (;;) {
        if (isSettled(account)) {
          recoveredMs = Date.now() - faultAt;
          break;
        }
        if (Date.now() > deadline) break;
        if (Date.now() - lastNote > 5_000) {
          lastNote = Date.now();
          progress(
            `${name}: settling — ${String(account.queued)} queued, ${String(account.lost.length)} effect(s) missing so far`,
          );
        }
        await sleep(1_000);
        account = reconcile(load.sent, await stack.truth().catch(() => before), inScope);
      }
      // Duplicates can arrive after the last missing effect: one more look once the queues are empty.
      await sleep(2_000);
      account = reconcile(load.sent, await stack.truth(), inScope);
      const report = { scenario: name, fault: scenario.fault, account, inFlight, recoveredMs };
      reports.push(report);
      progress(
        `${name}: ${scenarioPassed(report) ? 'ok' : 'FAIL'} (${String(account.lost.length)} lost, ${String(account.duplicated.length)} duplicated)`,
      );
    }
    completed = true;
  } finally {
    // A failed scenario (or a run that broke off) keeps its logs, to follow its problem orders through them.
    progress('stopping the chaos stack');
    await stack.close({ keepDataDir: !completed || !reports.every(scenarioPassed) });
    if (!completed) io.err(keptDataNote(stack));
  }
  io.out('');
  for (const line of formatChaosReport(reports)) io.out(line);
  if (!reports.every(scenarioPassed)) io.out(`\n${keptDataNote(stack)}`);
  return reports.every(scenarioPassed) && reports.length === args.scenarios.length ? 0 : 1;
}

function keptDataNote(stack: ChaosStack): string {
  return [
    `kept the chaos stack's data directory: ${stack.dataDir}`,
    `  service logs: ${stack.logDir} (order-service.log, inventory-service.log, …)`,
    `  pnpm start's output: ${stack.startLogFile}`,
    `  remove it when done: rm -rf ${stack.dataDir}`,
  ].join('\n');
}
