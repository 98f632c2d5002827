import { setTimeout as sleep } from 'node:timers/promises';

import { type CpuAccount, cpuBetween, type WatchedProcess } from './cpu-accounting';
import { sampleCpu } from './watched-processes';

/**
 * How long after a measured run its CPU is still counted: work a call leaves behind (an async order's
 * saga after its 202, the outbox relays, the consumers' commits) lands in its own run's figures, not in
 * the next scenario's.
 */
export const CPU_SETTLE_MS = 250;

/**
 * Runs one measured run and, when the scenario has `processes`, adds the CPU they used from just before it
 * until CPU_SETTLE_MS after it to `account`, with the operations it completed. The samples are read
 * outside the timed run.
 */
export async function withCpuAccount<T extends { completed: number }>(
  processes: (() => WatchedProcess[]) | undefined,
  account: CpuAccount,
  run: () => Promise<T>,
): Promise<T> {
  if (processes === undefined) return run();
  const before = sampleCpu(processes());
  const result = await run();
  await sleep(CPU_SETTLE_MS);
  account.add(cpuBetween(before, sampleCpu(processes())), result.completed);
  return result;
}
