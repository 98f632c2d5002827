import { join } from 'node:path';

import { commandLine, processTree } from '../processes/process-cpu';
import { idleRates, type OrderCost, orderCost } from './cost-report';
import type { ProfiledStack } from './profiled-stack';
import { processName, readCounters } from './stack-counters';
import { readTraceAndLogVolume, type TraceAndLogVolume } from './trace-and-log-volume';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface OrderRunOptions {
  orders: number;
  warmup: number;
  idleSeconds: number;
  transport: string;
  /** Idle this long before each measured order (0: back to back). */
  thinkMs: number;
}

/** What one started stack cost for the measured orders. */
export interface MeasuredOrders {
  cost: OrderCost;
  latencies: number[];
  /** The measured orders' ids, in the order they were placed. */
  ids: string[];
  volumeBefore: TraceAndLogVolume;
  volumeAfter: TraceAndLogVolume;
  /** The stack's processes by pid, and the measured window (process.hrtime µs), for the CPU profiles. */
  names: Map<number, string>;
  fromUs: number;
  toUs: number;
}

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

/**
 * Places `count` sync orders one after the other, each `thinkMs` after the one before answered; returns
 * each one's latency in ms and its id.
 */
async function placeOrders(
  orderUrl: URL,
  token: string,
  count: number,
  thinkMs = 0,
): Promise<{ latencies: number[]; ids: string[] }> {
  const body = JSON.stringify({ items: [{ sku: 'sticker-kafka', quantity: 1 }] });
  const latencies: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    if (thinkMs > 0) await sleep(thinkMs);
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

/**
 * The warm-up orders. A cold stack on a loaded machine can miss a gRPC deadline on its first orders (a
 * 503): such an order is placed again after a pause, up to five times in all.
 */
async function warmUp(
  orderUrl: URL,
  token: string,
  count: number,
  log: (line: string) => void,
): Promise<void> {
  let failures = 0;
  for (let i = 0; i < count; i++) {
    try {
      await placeOrders(orderUrl, token, 1);
    } catch (error) {
      if (++failures > 5) throw error;
      log(`  warm-up order failed, again in 2 s: ${error instanceof Error ? error.message : String(error)}`);
      await sleep(2000);
    }
  }
}

/**
 * On a started stack: warm-up orders, an idle window (the idle rates), then the measured sync orders one
 * after the other, with the counters read before and after each window.
 */
export async function measureOrders(
  stack: ProfiledStack,
  options: OrderRunOptions,
  log: (line: string) => void,
): Promise<MeasuredOrders> {
  const client = await stack.connect();
  try {
    const read = () =>
      readCounters({
        startPid: stack.startPid,
        profileDir: stack.profileDir,
        db: client,
        database: stack.name,
      });
    const token = await login(stack.url('AUTH_HTTP_PORT'));
    const orderUrl = new URL(`/orders?transport=${options.transport}`, stack.url('ORDER_HTTP_PORT'));
    log(
      `profile-order: ${String(options.warmup)} warm-up orders, then ${String(options.idleSeconds)} s idle…`,
    );
    await warmUp(orderUrl, token, options.warmup, log);
    await sleep(3000); // the warm-up's events reach reporting and notification
    const idleStart = await read();
    await sleep(options.idleSeconds * 1000);
    const before = await read();
    const volume = () => readTraceAndLogVolume(stack.url('TRACE_STORE_PORT'), join(stack.dataDir, 'logs'));
    const volumeBefore = await volume();
    const idle = idleRates(idleStart, before);
    const pace = options.thinkMs > 0 ? `, ${String(options.thinkMs)} ms idle before each` : ', back to back';
    log(`profile-order: ${String(options.orders)} sync orders (transport ${options.transport}${pace})…`);
    const nowUs = () => Number(process.hrtime.bigint() / 1000n);
    const fromUs = nowUs();
    const { latencies, ids } = await placeOrders(orderUrl, token, options.orders, options.thinkMs);
    await sleep(3000); // the orders' events reach reporting and notification, statistics reach the views
    const after = await read();
    const volumeAfter = await volume();
    const names = new Map<number, string>();
    for (const pid of processTree(stack.startPid))
      names.set(pid, processName(commandLine(pid), stack.startPid, pid));
    return {
      cost: orderCost(before, after, options.orders, idle),
      latencies,
      ids,
      volumeBefore,
      volumeAfter,
      names,
      fromUs,
      toUs: nowUs(),
    };
  } finally {
    await client.end();
  }
}
