/** A process whose CPU time the bench accounts for: its pid now, and the name the reports give it. */
export interface WatchedProcess {
  pid: number;
  name: string;
}

/** CPU milliseconds (user + system) each watched process had used at one moment, by pid. */
export type CpuSample = ReadonlyMap<number, { name: string; cpuMs: number }>;

/** CPU per operation of one scenario and loop, over its measured runs (results.json). */
export interface CpuPerOperation {
  /** Every watched process together: CPU microseconds per completed operation. */
  totalUs: number;
  /** Each process (by name; processes of one name summed): CPU microseconds per completed operation. */
  byProcessUs: Record<string, number>;
  /** CPU milliseconds measured in all, and the operations they are divided by. */
  cpuMs: number;
  operations: number;
}

/**
 * CPU milliseconds each process (by name) used between two samples. A pid in both counts its increase; a
 * pid only in `after` started in between (a restarted service) and counts all it used; a pid only in
 * `before` exited in between and its last part is lost (it is not counted at all). Pure.
 */
export function cpuBetween(before: CpuSample, after: CpuSample): Map<string, number> {
  const used = new Map<string, number>();
  for (const [pid, now] of after) {
    const then = before.get(pid);
    const delta = Math.max(0, now.cpuMs - (then?.cpuMs ?? 0));
    used.set(now.name, (used.get(now.name) ?? 0) + delta);
  }
  return used;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * Adds up the CPU the watched processes used during a scenario's measured runs and the operations those
 * runs completed; `perOperation` divides one by the other. Pure.
 */
export class CpuAccount {
  private readonly usedMs = new Map<string, number>();
  private operations = 0;

  /** One measured run: the CPU each process used during it and the operations it completed. */
  add(used: ReadonlyMap<string, number>, operations: number): void {
    for (const [name, ms] of used) this.usedMs.set(name, (this.usedMs.get(name) ?? 0) + ms);
    this.operations += operations;
  }

  /** Undefined until a run completed an operation. Names keep the order they were first seen in. */
  perOperation(): CpuPerOperation | undefined {
    if (this.operations === 0) return undefined;
    const perOp = (ms: number) => round1((ms * 1000) / this.operations);
    const cpuMs = [...this.usedMs.values()].reduce((sum, ms) => sum + ms, 0);
    return {
      totalUs: perOp(cpuMs),
      byProcessUs: Object.fromEntries([...this.usedMs].map(([name, ms]) => [name, perOp(ms)])),
      cpuMs: round1(cpuMs),
      operations: this.operations,
    };
  }
}
