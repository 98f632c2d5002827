#!/usr/bin/env node
/**
 * `pnpm bench:profile-order`: where a sync order's CPU and round trips go. Starts `pnpm start` on
 * PostgreSQL in a database, vhost, redis-server and port block of its own, places sync orders one after
 * the other and prints, per order: CPU ms of every process (PostgreSQL's backends included), SQL
 * statements each process sent, transactions, and rows each table was scanned for. Idle costs (pollers)
 * are measured first and set apart. CPU time and counts do not depend on how loaded the machine is, so two
 * runs (before / after a change) compare even on a busy machine. `--history N` measures the orders again
 * after writing N past orders into every service's tables, and prints both runs side by side.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { processEnv } from '@commlab/config';

import { eventsDuringRequestSummary, formatEventsDuringRequest } from '../hops/events-during-request';
import { formatHopBars, hopBar } from '../hops/hop-bars';
import { orderTraces } from '../hops/order-traces';
import { repoRoot } from '../repo-root';
import { costReport } from './cost-report';
import { cpuProfileReport } from './cpu-profile-summary';
import { historyComparisonReport } from './history-comparison';
import { fillHistory } from './history-fill';
import { parseHistory } from './history-option';
import { type MeasuredOrders, measureOrders, type OrderRunOptions } from './measured-orders';
import { ProfiledStack } from './profiled-stack';
import { spanCensus, spansOfOrders } from './span-census';
import { volumeLine } from './trace-and-log-volume';
import { TRACING_VARIANTS, type TracingRun, tracingComparisonReport } from './tracing-comparison';

/** The last orders whose traces the hop breakdown reads. */
const TRACED_ORDERS = 100;
/** The last orders whose spans are counted by name. */
const CENSUS_ORDERS = 20;
const log = (line: string) => process.stderr.write(`${line}\n`);

const USAGE = `pnpm bench:profile-order [--orders 300] [--warmup 30] [--idle-seconds 5] [--transport grpc|rest]
    [--think-ms T] [--cpu-prof | --compare-tracing] [--history N] [--env NAME=VALUE]…
  --think-ms T: idle T ms (0-1000, default 0) before each measured order, so every process of the stack has
  gone idle when it arrives, as a lone user's orders find it; 0 places them back to back.
  --cpu-prof: self time by package per process. --compare-tracing: the same orders again on a fresh stack
  sampling one trace in ten, and on one with OTEL_SDK_DISABLED=true, printed side by side.
  --history N: then N past sync orders written into every service's tables (SQL, ~15 rows an order), the
  same orders measured again on the same stack, and both runs side by side (does an order cost more as
  history grows?). With --cpu-prof, the profile is of the run after the history.
  --env: a variable for pnpm start and its services (e.g. OTEL_BSP_SCHEDULE_DELAY=2000), repeatable.
  Needs DATABASE_URL (a PostgreSQL server; the profile creates and drops a database of its own), RabbitMQ
  (RABBITMQ_URL, with rabbitmqctl on this machine) and redis-server on PATH.`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** The command line, or the Error parseArgs threw (an unknown option, a value missing). */
function parseArguments() {
  try {
    return parseArgs({
      options: {
        orders: { type: 'string', default: '300' },
        warmup: { type: 'string', default: '30' },
        'idle-seconds': { type: 'string', default: '5' },
        transport: { type: 'string', default: 'grpc' },
        'think-ms': { type: 'string', default: '0' },
        'cpu-prof': { type: 'boolean', default: false },
        'compare-tracing': { type: 'boolean', default: false },
        history: { type: 'string' },
        env: { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

async function main(): Promise<number> {
  const parsed = parseArguments();
  if (parsed instanceof Error) {
    log(`pnpm bench:profile-order: ${parsed.message}\n${USAGE}`);
    return 2;
  }
  const { values } = parsed;
  const env = processEnv();
  if (values.help) {
    log(USAGE);
    return 0;
  }
  if (env.DATABASE_URL === undefined || env.DATABASE_URL === '') {
    log(`pnpm bench:profile-order: DATABASE_URL is not set.\n${USAGE}`);
    return 2;
  }
  if (values['cpu-prof'] && values['compare-tracing']) {
    log(
      `pnpm bench:profile-order: --cpu-prof and --compare-tracing are one at a time (the profiler adds CPU).`,
    );
    return 2;
  }
  const history = parseHistory(values.history);
  if (history instanceof Error) {
    log(`pnpm bench:profile-order: ${history.message}\n${USAGE}`);
    return 2;
  }
  if (history !== undefined && values['compare-tracing']) {
    log(`pnpm bench:profile-order: --history and --compare-tracing are one at a time.`);
    return 2;
  }
  const thinkMs = Number(values['think-ms']);
  if (!/^\d+$/.test(values['think-ms']) || thinkMs > 1000) {
    log(
      `pnpm bench:profile-order: --think-ms takes whole milliseconds from 0 to 1000; got ${JSON.stringify(values['think-ms'])}.\n${USAGE}`,
    );
    return 2;
  }
  if (values.env.some((pair) => pair.indexOf('=') < 1)) {
    log(`pnpm bench:profile-order: --env takes NAME=VALUE.\n${USAGE}`);
    return 2;
  }
  const stackEnv = Object.fromEntries(
    values.env.map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
  const options: OrderRunOptions = {
    orders: Number(values.orders),
    warmup: Number(values.warmup),
    idleSeconds: Number(values['idle-seconds']),
    transport: values.transport,
    thinkMs,
  };
  const baseUrls = {
    postgres: env.DATABASE_URL,
    rabbitmq: env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  };
  const cpuProfDir = values['cpu-prof'] ? mkdtempSync(join(tmpdir(), 'commlab-cpu-prof-')) : undefined;
  const stack = await ProfiledStack.create(repoRoot(), baseUrls, cpuProfDir, stackEnv);
  let run: MeasuredOrders | undefined;
  try {
    log('profile-order: starting the stack (pnpm start on PostgreSQL, ports of its own)…');
    await stack.start(log);
    run = await measureOrders(stack, options, log);
    for (const line of costReport(run.cost, {
      p50Ms: percentile(run.latencies, 50),
      p90Ms: percentile(run.latencies, 90),
    }))
      process.stdout.write(`${line}\n`);
    process.stdout.write(`\n${volumeLine(run.volumeBefore, run.volumeAfter, options.orders)}\n`);
    const traces = await orderTraces(stack.url('TRACE_STORE_PORT'), run.ids.slice(-TRACED_ORDERS));
    process.stdout.write(`\nWhere a sync order's time goes (median per hop, from the traces):\n`);
    for (const line of formatHopBars([hopBar(`sync order over ${values.transport}`, traces)]))
      process.stdout.write(`${line}\n`);
    const overlap = eventsDuringRequestSummary(traces);
    if (overlap !== undefined) process.stdout.write(`\n${formatEventsDuringRequest(overlap).join('\n')}\n`);
    const censused = run.ids.slice(-CENSUS_ORDERS);
    const { spans, repeated } = await spansOfOrders(stack.url('TRACE_STORE_PORT'), censused);
    process.stdout.write(
      `\nSpans per order by service, name and scope (the traces naming the last ${String(censused.length)} orders; ${String(repeated)} span ids seen twice):\n\n| span | per order |\n|---|---:|\n`,
    );
    for (const { key, perOrder } of spanCensus(spans, censused.length))
      process.stdout.write(`| ${key.replace(/\|/g, '\\|')} | ${perOrder.toFixed(2)} |\n`);
    if (history !== undefined) run = await measureAfterHistory(stack, run, history, options);
  } finally {
    log('profile-order: stopping the stack…');
    await stack.close();
    // Each process writes its profile when it exits: after the stack stopped.
    if (cpuProfDir !== undefined && run !== undefined)
      for (const line of cpuProfileReport(cpuProfDir, run.names, run, options.orders))
        process.stdout.write(`${line}\n`);
    if (cpuProfDir !== undefined) rmSync(cpuProfDir, { recursive: true, force: true });
  }
  if (values['compare-tracing']) await compareTracing(run, options, baseUrls, stackEnv);
  return 0;
}

/** `--history`: the past orders written, the same orders measured again, both runs side by side. */
async function measureAfterHistory(
  stack: ProfiledStack,
  fresh: MeasuredOrders,
  history: number,
  options: OrderRunOptions,
): Promise<MeasuredOrders> {
  log(`profile-order: writing ${String(history)} past orders into every service's tables…`);
  const db = await stack.connect();
  try {
    // The seeded stock is for one run: the history restocks what the orders measured next will take.
    await fillHistory(db, { orders: history, restock: options.warmup + options.orders }, log);
  } finally {
    await db.end();
  }
  log('profile-order: the same orders again, after the history…');
  const after = await measureOrders(stack, options, log);
  const p50 = (run: MeasuredOrders) => percentile(run.latencies, 50);
  process.stdout.write(`\nAfter ${history.toLocaleString('en-US')} past orders:\n\n`);
  for (const line of costReport(after.cost, { p50Ms: p50(after), p90Ms: percentile(after.latencies, 90) }))
    process.stdout.write(`${line}\n`);
  process.stdout.write(
    `\nThe same ${String(options.orders)} sync orders on the fresh stack and after ${history.toLocaleString('en-US')} past orders (CPU noisy, counts exact):\n\n`,
  );
  for (const line of historyComparisonReport(
    { cost: fresh.cost, p50Ms: p50(fresh) },
    { cost: after.cost, p50Ms: p50(after) },
    history,
  ))
    process.stdout.write(`${line}\n`);
  return after;
}

const tracingRun = (label: string, run: MeasuredOrders, orders: number): TracingRun => ({
  label,
  cost: run.cost,
  spansPerOrder: (run.volumeAfter.spans - run.volumeBefore.spans) / orders,
  p50Ms: percentile(run.latencies, 50),
});

/** The same orders on a fresh stack for each other tracing variant, then every run side by side. */
async function compareTracing(
  traced: MeasuredOrders,
  options: OrderRunOptions,
  baseUrls: { postgres: string; rabbitmq: string },
  stackEnv: Readonly<Record<string, string>>,
): Promise<void> {
  const [first, ...others] = TRACING_VARIANTS;
  const runs = [tracingRun(first?.label ?? 'traced', traced, options.orders)];
  for (const variant of others) {
    const stack = await ProfiledStack.create(repoRoot(), baseUrls, undefined, {
      ...stackEnv,
      ...variant.env,
    });
    try {
      log(
        `profile-order: again with ${Object.entries(variant.env)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}…`,
      );
      await stack.start(log);
      runs.push(tracingRun(variant.label, await measureOrders(stack, options, log), options.orders));
    } finally {
      await stack.close();
    }
  }
  process.stdout.write(
    `\nWhat tracing costs: the same orders on a fresh stack per variant (CPU noisy, counts exact):\n\n`,
  );
  for (const line of tracingComparisonReport(runs)) process.stdout.write(`${line}\n`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(
      `pnpm bench:profile-order: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
