import { setTimeout as sleep } from 'node:timers/promises';

import { type CpuAccount, cpuBetween, type IdleRates, type WatchedProcess } from './cpu-accounting';
import { idleRate } from './idle-rate';
import { sampleCpu } from './watched-processes';

/**
 * How long after a measured run its CPU is still counted: work a call leaves behind (an async order's
 * saga after its 202, the outbox relays, the consumers' commits) lands in its own run's figures, not in
 * the next scenario's.
 */
export const CPU_SETTLE_MS = 250;

/** How long idle work is measured (once per process), after a pause to settle: slices of one window. */
const IDLE_SETTLE_MS = 1_000;
const IDLE_SLICE_MS = 400;
const IDLE_SLICES = 5;
/** CPU ms a second each process (by pid) used with no calls, once measured. */
const idleByPid = new Map<number, number>();

/**
 * Measures the idle rate of the processes not measured yet — CPU ms a second with no calls, after
 * IDLE_SETTLE_MS — all in one window of IDLE_SLICES slices, and keeps it per pid (a restarted service is a
 * new pid, measured again). Each process's rate is the median of its slices (idleRate), so a burst that
 * happens to fall in the window — a scheduled job, work a warm-up left behind — is not taken for idle
 * work; once it was, and took off more than a row's whole CPU (cpu/op 0 in a CI run of bench --quick).
 */
async function measureIdle(processes: readonly WatchedProcess[]): Promise<void> {
  const unknown = processes.filter(({ pid }) => !idleByPid.has(pid));
  if (unknown.length === 0) return;
  await sleep(IDLE_SETTLE_MS);
  const slices = new Map<number, number[]>();
  let before = sampleCpu(unknown);
  let started = performance.now();
  for (let slice = 0; slice < IDLE_SLICES; slice++) {
    await sleep(IDLE_SLICE_MS);
    const after = sampleCpu(unknown);
    const now = performance.now();
    const seconds = (now - started) / 1000;
    for (const { pid } of unknown) {
      const then = before.get(pid)?.cpuMs;
      const spent = after.get(pid)?.cpuMs;
      if (then !== undefined && spent !== undefined)
        slices.set(pid, [...(slices.get(pid) ?? []), Math.max(0, spent - then) / seconds]);
    }
    before = after;
    started = now;
  }
  for (const { pid } of unknown) idleByPid.set(pid, idleRate(slices.get(pid) ?? []));
}

/**
 * Measures the idle rates of every process of these lists at once (one window for all rows rather than one
 * each): the bench calls it before its first measured run, after the warm-ups settled.
 */
export async function primeIdleRates(lists: readonly (() => WatchedProcess[])[]): Promise<void> {
  await measureIdle(lists.flatMap((processes) => processes()));
}

/**
 * The idle rate of each process (by name, processes of one name summed), measured the first time a
 * process is accounted for — before its first measured run, after the warm-up settled — and kept.
 */
async function idleRates(processes: () => WatchedProcess[]): Promise<IdleRates> {
  const list = processes();
  await measureIdle(list);
  const rates = new Map<string, number>();
  for (const { pid, name } of list) rates.set(name, (rates.get(name) ?? 0) + (idleByPid.get(pid) ?? 0));
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
