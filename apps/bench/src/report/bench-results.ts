import type { BenchSettings, LoopMode } from '../bench-settings';
import type { LatencySummary } from '../measure/latency-summary';
import type { NoDelayReport } from '../net/no-delay-watch';
import type { CpuPerOperation } from '../processes/cpu-accounting';
import type { ScenarioGroup, ScenarioKind, ScenarioTransport } from '../scenario';

export type GoalName =
  | 'framework-overhead'
  | 'tail-ratio'
  | 'harness-cost'
  | 'service-latency'
  | 'cpu-per-order'
  | 'transport-spread';

/** The services' store in a run: `unknown` for a running stack (`--target stack`), whose choice the bench cannot see. */
export type BenchStore = 'PGlite' | 'PostgreSQL' | 'unknown';

export interface GoalResult {
  goal: GoalName;
  scenario: string;
  mode: LoopMode;
  /** The measured quantity (a ratio or a share): the median over the repetitions, compared with `limit`. */
  value?: number;
  /** The per-repetition values' range and how many there were. */
  spread?: { min: number; max: number; repetitions: number };
  limit: number;
  /** `inconclusive`: the spread straddles the limit, or fewer than five repetitions (judge-repetitions.ts). */
  verdict: 'met' | 'missed' | 'inconclusive' | 'not checked';
  /** One line a reader understands without the table. */
  detail: string;
}

/** results.json, version 1. Latencies in microseconds. */
export interface BenchResults {
  schema: 'commlab-bench/v1';
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  /** Versions of the client libraries and tools the numbers depend on. */
  packages: Record<string, string>;
  settings: BenchSettings;
  /** The services' store (absent in runs made before it was recorded). */
  store?: BenchStore;
  /** The no-op scenario's p50 per loop: what the harness itself adds to every figure. */
  harnessCost: Partial<Record<LoopMode, { p50: number; p99: number }>>;
  scenarios: ScenarioResult[];
  /** The numbers held against the project's goals (report/goals.ts). */
  goals: GoalResult[];
  /**
   * Where each end-to-end row's time goes, hop by hop, from its orders' traces (hops/row-hops.ts); one
   * entry per row that places orders. Absent in results written before it existed.
   */
  hopBars?: RowHopBar[];
  notes: string[];
}

/** One row's hop bar: the median of each hop over a sample of its orders' traces. */
export interface RowHopBar {
  scenario: string;
  /** What the time spans ("order-service's POST /orders, request in → answer out"). */
  spans: string;
  /** Set when the row has no bar: why (the target has no trace store, no trace arrived). */
  none?: string;
  /** Traces the bar is made of. */
  traces: number;
  /** Sampled orders left out: no trace found, or it did not reach where the time ends. */
  incomplete: number;
  /** Median of the traces' totals, ms. */
  medianMs: number;
  /** Largest first; `share` = the hop's median over the sum of the medians. */
  hops: { name: string; medianMs: number; share: number }[];
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  os: string;
  node: string;
}

export interface ScenarioResult {
  name: string;
  group: ScenarioGroup;
  transport: ScenarioTransport;
  kind: ScenarioKind;
  description: string;
  baseline?: string;
  placement: string;
  payloadBytes: { request: number; reply?: number };
  /** Set when the scenario could not be set up; it then has no runs. */
  setupError?: string;
  noDelay: NoDelayReport;
  runs: ModeResult[];
}

export interface ModeResult {
  mode: LoopMode;
  /** "closed, 1 in flight" / "open, 200/s". */
  load: string;
  /**
   * How late the bench process's event loop ran during the measured runs (perf_hooks, sampled every
   * 10 ms; the worst repetition's p99 and max lateness): a stall here delays every call in flight,
   * whatever the transport. Absent when the loop never yielded (the closed-loop no-op).
   */
  eventLoopDelayMs?: { p99: number; max: number };
  /** Open loop: the arrival rate used (`--rate`, or half the scenario's capacity when lower). */
  ratePerSecond?: number;
  /** All repetitions merged. Open loop: corrected for coordinated omission. */
  latency: LatencySummary;
  /** Open loop only: measured from the actual send. */
  uncorrected?: LatencySummary;
  throughputPerSecond: number;
  /**
   * Scenarios served by the stack: the CPU time each process of it (services, kafka-lite, the servers it
   * could find) used per completed call during the measured runs (processes/cpu-window.ts).
   */
  cpuPerOp?: CpuPerOperation;
  errors: number;
  timeouts: number;
  errorSamples: string[];
  repetitions: { p50: number; p99: number; count: number; throughputPerSecond: number }[];
  /** p50 over the p50 of the `raw` scenario of the same transport and group, same loop. */
  ratioToRaw?: number;
  /** p50 over the p50 of REST (framework if there is one, else raw), same loop. */
  ratioToRest?: number;
  ratioToRestBase?: string;
}
