/** A process whose CPU time the bench accounts for: its pid now, and the name the reports give it. */
export interface WatchedProcess {
  pid: number;
  name: string;
}

/** CPU milliseconds (user + system) each watched process had used at one moment, by pid. */
export type CpuSample = ReadonlyMap<number, { name: string; cpuMs: number }>;

/** CPU per operation of one scenario and loop, over its measured runs (results.json). */
export interface CpuPerOperation {
  /** Every watched process together: CPU microseconds per completed operation, less their idle rate. */
  totalUs: number;
  /** Each process (by name; processes of one name summed): CPU µs per completed operation, less idle. */
  byProcessUs: Record<string, number>;
  /** CPU milliseconds measured in all (idle included), and the operations they are divided by. */
  cpuMs: number;
  operations: number;
  /** CPU milliseconds taken off as the processes' idle work over the same windows (IdleRates). */
  idleMs: number;
  /** Each measured run's `totalUs` on its own, in run order: what the goals judge (report/service-goals.ts). */
  perRunUs: number[];
}

/** CPU milliseconds a second each process (by name) uses with no calls: pollers, exporters, fetch loops. */
export type IdleRates = ReadonlyMap<string, number>;

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
 * runs completed; `perOperation` divides one by the other. Each process's idle rate times the window's
 * length is taken off (never below 0): what a call costs, not what the stack spends with nobody calling.
 * Pure.
 */
export class CpuAccount {
  private readonly usedMs = new Map<string, number>();
  private readonly lessIdleMs = new Map<string, number>();
  private operations = 0;
  private idleMs = 0;
  private readonly perRunUs: number[] = [];

  /**
   * One measured run: the CPU each process used during it, the operations it completed, and the window's
   * length with the idle rates to take off (none: nothing is).
   */
  add(
    used: ReadonlyMap<string, number>,
    operations: number,
    idle: { windowMs: number; rates: IdleRates } = { windowMs: 0, rates: new Map() },
  ): void {
    let runLessIdleMs = 0;
    for (const [name, ms] of used) {
      const background = ((idle.rates.get(name) ?? 0) * idle.windowMs) / 1000;
      const less = Math.max(0, ms - background);
      this.usedMs.set(name, (this.usedMs.get(name) ?? 0) + ms);
      this.lessIdleMs.set(name, (this.lessIdleMs.get(name) ?? 0) + less);
      this.idleMs += ms - less;
      runLessIdleMs += less;
    }
    this.operations += operations;
    if (operations > 0) this.perRunUs.push(round1((runLessIdleMs * 1000) / operations));
  }

  /** Undefined until a run completed an operation. Names keep the order they were first seen in. */
  perOperation(): CpuPerOperation | undefined {
    if (this.operations === 0) return undefined;
    const perOp = (ms: number) => round1((ms * 1000) / this.operations);
    const sum = (values: Iterable<number>) => [...values].reduce((total, ms) => total + ms, 0);
    return {
      totalUs: perOp(sum(this.lessIdleMs.values())),
      byProcessUs: Object.fromEntries([...this.lessIdleMs].map(([name, ms]) => [name, perOp(ms)])),
      cpuMs: round1(sum(this.usedMs.values())),
      operations: this.operations,
      idleMs: round1(this.idleMs),
      perRunUs: [...this.perRunUs],
    };
  }
}
