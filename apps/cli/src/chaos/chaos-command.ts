import { infrastructureConfigSchema, loadConfig } from '@commlab/config';

import { repoRoot } from '../repo-root';
import type { CommandIo } from '../start/command-io';
import {
  formatChaosReport,
  isSettled,
  reconcile,
  type ScenarioReport,
  scenarioPassed,
} from './chaos-accounting';
import { CHAOS_USAGE, ChaosUsageError, parseChaosArgs } from './chaos-args';
import { Load } from './chaos-load';
import { SCENARIOS } from './chaos-scenarios';
import { ChaosStack } from './chaos-stack';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  io.out(
    `commlab chaos: ${args.scenarios.join(', ')}; ${String(args.orders)} orders each, async sagas: ${args.saga}`,
  );
  const reports: ScenarioReport[] = [];
  let completed = false;
  try {
    await stack.start(progress);
    const token = await login(stack);
    const skus = await stack.catalogSkus();
    progress(`stack up; ordering ${skus.join(', ')}`);
    for (const scenario of SCENARIOS.filter((s) => args.scenarios.includes(s.name))) {
      if (signal.aborted) break;
      const { name } = scenario;
      await stack.waitAllRunning(120_000);
      // About 80 % of the orders can be served: both final states occur.
      await restock(stack, skus, Math.ceil((args.orders * 0.8) / Math.max(skus.length, 1)));
      const before = await stack.truth();
      const seen = new Set([...before.orders.map((o) => o.id), ...before.reservations.map((r) => r.orderId)]);
      const inScope = (id: string) => !seen.has(id);
      const load = new Load(stack, token, skus, args.saga);
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
            `${name}: settling — ${String(account.queued)} queued, ${String(account.lost.length)} effect(s) missing, ${String(account.leaked.length)} reservation(s) to release so far`,
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
        `${name}: ${scenarioPassed(report) ? 'ok' : 'FAIL'} (${String(account.lost.length)} lost, ${String(account.duplicated.length)} duplicated, ${String(account.leaked.length)} leaked)`,
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
