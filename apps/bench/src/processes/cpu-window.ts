import { setTimeout as sleep } from 'node:timers/promises';

import { type CpuAccount, cpuBetween, type IdleRates, type WatchedProcess } from './cpu-accounting';
import { sampleCpu } from './watched-processes';

/**
 * How long after a measured run its CPU is still counted: work a call leaves behind (an async order's
 * saga after its 202, the outbox relays, the consumers' commits) lands in its own run's figures, not in
 * the next scenario's.
 */
export const CPU_SETTLE_MS = 250;

/** How long the stack's idle work is measured (once per set of processes), after a pause to settle. */
const IDLE_SETTLE_MS = 1_000;
const IDLE_WINDOW_MS = 2_000;
const idleBySet = new Map<string, IdleRates>();

/**
 * The idle rate of each process: CPU ms a second over IDLE_WINDOW_MS with no calls, measured the first
 * time a set of processes (by pid) is accounted for — before its first measured run, after the warm-up
 * settled — and kept (a restarted service is a new set, measured again).
 */
async function idleRates(processes: () => WatchedProcess[]): Promise<IdleRates> {
  const list = processes();
  const key = list
    .map(({ pid }) => pid)
    .sort((a, b) => a - b)
    .join(',');
  const known = idleBySet.get(key);
  if (known !== undefined) return known;
  await sleep(IDLE_SETTLE_MS);
  const before = sampleCpu(list);
  const started = performance.now();
  await sleep(IDLE_WINDOW_MS);
  const used = cpuBetween(before, sampleCpu(processes()));
  const seconds = (performance.now() - started) / 1000;
  const rates = new Map([...used].map(([name, ms]) => [name, ms / seconds]));
  idleBySet.set(key, rates);
  return rates;
}

/**
 * Runs one measured run and, when the scenario has `processes`, adds the CPU they used from just before it
 * until CPU_SETTLE_MS after it to `account`, with the operations it completed and the idle rates to take
 * off over that window. The samples are read outside the timed run.
 */
export async function withCpuAccount<T extends { completed: number }>(
  processes: (() => WatchedProcess[]) | undefined,
  account: CpuAccount,
  run: () => Promise<T>,
): Promise<T> {
  if (processes === undefined) return run();
  const rates = await idleRates(processes);
  const before = sampleCpu(processes());
  const started = performance.now();
  const result = await run();
  await sleep(CPU_SETTLE_MS);
  const after = sampleCpu(processes());
  account.add(cpuBetween(before, after), result.completed, {
    windowMs: performance.now() - started,
    rates,
  });
  return result;
}
