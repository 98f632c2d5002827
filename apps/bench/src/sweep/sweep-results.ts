import type { LatencySummary } from '../measure/latency-summary';
import type { BenchStore, MachineInfo } from '../report/bench-results';
import type { CapacityGoalResult } from './capacity-goal';
import type { SweepStop } from './knee';
import type { StepVerdict } from './step-verdict';
import type { SweepSettings } from './sweep-settings';

/** One step of a sweep: open-loop load at one offered rate. Latencies in microseconds. */
export interface SweepStep {
  offeredPerSecond: number;
  /** Calls completed per second, from the first completion to the last (measure-step.ts), ≤ offered. */
  achievedPerSecond: number;
  /** Corrected for coordinated omission: from each call's intended send time. */
  latency: LatencySummary;
  /** From the actual send time, for comparison. */
  uncorrectedP99: number;
  errors: number;
  timeouts: number;
  errorSamples: string[];
  verdict: StepVerdict;
}

/** The highest step that met the limit. */
export interface Knee {
  offeredPerSecond: number;
  achievedPerSecond: number;
  p50: number;
  p99: number;
  /** False when no step missed the limit: the real knee lies beyond the highest rate offered. */
  reached: boolean;
}

export interface PatternSweep {
  name: string;
  description: string;
  placement: string;
  setupError?: string;
  steps: SweepStep[];
  /** Undefined when even the first step missed the limit (or nothing ran). */
  knee?: Knee;
  stoppedBy?: SweepStop;
}

/** sweep.json, version 1. */
export interface SweepResults {
  schema: 'commlab-bench-sweep/v1';
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  packages: Record<string, string>;
  settings: SweepSettings;
  /** The services' store (absent in sweeps made before it was recorded). */
  store?: BenchStore;
  patterns: PatternSweep[];
  /** The sync order's capacity held against its goal (capacity-goal.ts); absent when it was not swept. */
  capacityGoal?: CapacityGoalResult;
}
