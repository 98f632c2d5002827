#!/usr/bin/env node
/**
 * `pnpm bench:profile-order`: where a sync order's CPU and round trips go. Starts `pnpm start` on
 * PostgreSQL in a database, vhost, redis-server and port block of its own, places sync orders one after
 * the other and prints, per order: CPU ms of every process (PostgreSQL's backends included), SQL
 * statements each process sent, transactions, and rows each table was scanned for. Idle costs (pollers)
 * are measured first and set apart. CPU time and counts do not depend on how loaded the machine is, so two
 * runs (before / after a change) compare even on a busy machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { processEnv } from '@commlab/config';
import type pg from 'pg';

import { formatHopBars, hopBar } from '../hops/hop-bars';
import { orderTraces } from '../hops/order-traces';
import { repoRoot } from '../repo-root';
import { costReport, idleRates, orderCost } from './cost-report';
import { cpuProfileReport } from './cpu-profile-summary';
import { commandLine, processTree } from '../processes/process-cpu';
import { ProfiledStack } from './profiled-stack';
import { processName, readCounters } from './stack-counters';
import { readTraceAndLogVolume, volumeLine } from './trace-and-log-volume';

/** The last orders whose traces the hop breakdown reads. */
const TRACED_ORDERS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stderr.write(`${line}\n`);

const USAGE = `pnpm bench:profile-order [--orders 300] [--warmup 30] [--idle-seconds 5] [--transport grpc|rest]
  Needs DATABASE_URL (a PostgreSQL server; the profile creates and drops a database of its own), RabbitMQ
  (RABBITMQ_URL, with rabbitmqctl on this machine) and redis-server on PATH.`;

async function login(authUrl: string): Promise<string> {
  const response = await fetch(new URL('/auth/login', authUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'alice@example.com', password: 'alice-password' }),
  });
  if (!response.ok)
    throw new Error(`POST /auth/login: HTTP ${String(response.status)} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** Places `count` sync orders one after the other; returns each one's latency in ms and its id. */
async function placeOrders(
  orderUrl: URL,
  token: string,
  count: number,
): Promise<{ latencies: number[]; ids: string[] }> {
  const body = JSON.stringify({ items: [{ sku: 'sticker-kafka', quantity: 1 }] });
  const latencies: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(orderUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    const text = await response.text();
    latencies.push(performance.now() - started);
    if (response.status !== 201) throw new Error(`POST /orders: HTTP ${String(response.status)} ${text}`);
    ids.push((JSON.parse(text) as { id: string }).id);
  }
  return { latencies, ids };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      orders: { type: 'string', default: '300' },
      warmup: { type: 'string', default: '30' },
      'idle-seconds': { type: 'string', default: '5' },
      transport: { type: 'string', default: 'grpc' },
      'cpu-prof': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const env = processEnv();
  if (values.help) {
    log(USAGE);
    return 0;
  }
  if (env.DATABASE_URL === undefined || env.DATABASE_URL === '') {
    log(`pnpm bench:profile-order: DATABASE_URL is not set.\n${USAGE}`);
    return 2;
  }
  const orders = Number(values.orders);
  const cpuProfDir = values['cpu-prof'] ? mkdtempSync(join(tmpdir(), 'commlab-cpu-prof-')) : undefined;
  const stack = await ProfiledStack.create(
    repoRoot(),
    { postgres: env.DATABASE_URL, rabbitmq: env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672' },
    cpuProfDir,
  );
  let db: pg.Client | undefined;
  const nowUs = () => Number(process.hrtime.bigint() / 1000n);
  /** The measured window, for the CPU profiles (toUs stays 0 when the run failed before its end). */
  const profiled = { names: new Map<number, string>(), fromUs: 0, toUs: 0 };
  try {
    log('profile-order: starting the stack (pnpm start on PostgreSQL, ports of its own)…');
    await stack.start(log);
    const client = await stack.connect();
    db = client;
    const read = () =>
      readCounters({
        startPid: stack.startPid,
        profileDir: stack.profileDir,
        db: client,
        database: stack.name,
      });
    const token = await login(stack.url('AUTH_HTTP_PORT'));
    const orderUrl = new URL(`/orders?transport=${values.transport}`, stack.url('ORDER_HTTP_PORT'));
    log(`profile-order: ${values.warmup} warm-up orders, then ${values['idle-seconds']} s idle…`);
    await placeOrders(orderUrl, token, Number(values.warmup));
    await sleep(3000); // the warm-up's events reach reporting and notification
    const idleStart = await read();
    await sleep(Number(values['idle-seconds']) * 1000);
    const before = await read();
    const volume = () => readTraceAndLogVolume(stack.url('TRACE_STORE_PORT'), join(stack.dataDir, 'logs'));
    const volumeBefore = await volume();
    const idle = idleRates(idleStart, before);
    log(`profile-order: ${String(orders)} sync orders (transport ${values.transport})…`);
    const fromUs = nowUs();
    const { latencies, ids } = await placeOrders(orderUrl, token, orders);
    await sleep(3000); // the orders' events reach reporting and notification, statistics reach the views
    const after = await read();
    const volumeAfter = await volume();
    for (const pid of processTree(stack.startPid))
      profiled.names.set(pid, processName(commandLine(pid), stack.startPid, pid));
    Object.assign(profiled, { fromUs, toUs: nowUs() });
    const cost = orderCost(before, after, orders, idle);
    for (const line of costReport(cost, {
      p50Ms: percentile(latencies, 50),
      p90Ms: percentile(latencies, 90),
    }))
      process.stdout.write(`${line}\n`);
    process.stdout.write(`\n${volumeLine(volumeBefore, volumeAfter, orders)}\n`);
    const traces = await orderTraces(stack.url('TRACE_STORE_PORT'), ids.slice(-TRACED_ORDERS));
    process.stdout.write(`\nWhere a sync order's time goes (median per hop, from the traces):\n`);
    for (const line of formatHopBars([hopBar(`sync order over ${values.transport}`, traces)]))
      process.stdout.write(`${line}\n`);
  } finally {
    await db?.end();
    log('profile-order: stopping the stack…');
    await stack.close();
    // Each process writes its profile when it exits: after the stack stopped.
    if (cpuProfDir !== undefined && profiled.toUs > 0)
      for (const line of cpuProfileReport(cpuProfDir, profiled.names, profiled, orders))
        process.stdout.write(`${line}\n`);
    if (cpuProfDir !== undefined) rmSync(cpuProfDir, { recursive: true, force: true });
  }
  return 0;
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
