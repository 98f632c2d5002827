import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import type { BenchConfig } from './bench.config';
import { benchEndpoints } from './bench-endpoints';
import { type BenchSettings, type LoopMode, pacedLoopText } from './bench-settings';
import { runClosedLoop } from './measure/closed-loop';
import { mergeHistograms } from './measure/latency-histogram';
import { summarize } from './measure/latency-summary';
import type { LoopResult } from './measure/loop-result';
import { measurementPlan } from './measure/measurement-plan';
import { runOpenLoop } from './measure/open-loop';
import { openLoopRate } from './measure/open-loop-rate';
import type { RunLimit } from './measure/run-limit';
import { mergeNoDelayReports, NoDelayWatch } from './net/no-delay-watch';
import { CpuAccount } from './processes/cpu-accounting';
import { primeIdleRates, withCpuAccount } from './processes/cpu-window';
import { probeServers } from './probe-servers';
import type { BenchResults, BenchStore, ModeResult, ScenarioResult } from './report/bench-results';
import { machineInfo, packageVersions } from './report/machine-info';
import { evaluateGoals } from './report/goals';
import { addRatios } from './report/ratios';
import type { Scenario, ScenarioContext, ScenarioInstance } from './scenario';
import { RowHops, TRACED_ORDERS_PER_ROW } from './hops/row-hops';
import { HARNESS_SCENARIO } from './scenarios/builtin-scenarios';
import { SERVICE_SCENARIOS } from './scenarios/service';
import { acquireBenchStack, type BenchStackLease } from './scenarios/service/shared-bench-stack';
import type { ScenarioRegistry } from './scenarios/scenario-registry';
import {
  attributeServerSockets,
  serverNoDelayReports,
  serverProcessesStarted,
} from './servers/server-process';
import { setupLine } from './setup-line';

export interface BenchProgress {
  start(totalSteps: number): void;
  step(label: string): void;
  stop(): void;
}

export interface BenchIo {
  /** Diagnostics (stderr). */
  log(line: string): void;
  progress?: BenchProgress;
}

interface Prepared {
  scenario: Scenario;
  instance?: ScenarioInstance;
  setupError?: string;
  runs: Record<LoopMode, LoopResult[]>;
  /** The bench process's event-loop delay during each loop's measured runs (worst p99 and max, ms). */
  loopDelay: Partial<Record<LoopMode, { p99Ms: number; maxMs: number }>>;
  /** Open-loop arrival rate: `--rate`, or half the capacity the warm-up measured when that is lower. */
  openRate?: number;
  /** The CPU the scenario's processes used during each loop's measured runs (when it has processes). */
  cpu: Record<LoopMode, CpuAccount>;
}

const NS_PER_S = 1_000_000_000;

/** perf_hooks event-loop delay sampling interval. */
const LOOP_DELAY_RESOLUTION_MS = 10;

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function seconds(s: number): bigint {
  return BigInt(Math.round(s * NS_PER_S));
}

function loadLabel(settings: BenchSettings, mode: LoopMode, openRate: number): string {
  if (mode === 'closed') return `closed, ${settings.concurrency} in flight`;
  if (mode === 'paced') return `paced, ${pacedLoopText(settings)}`;
  const lowered = openRate < settings.ratePerSecond ? ', ½ capacity' : '';
  return `open, ${openRate}/s (≤${settings.openLoopMaxInFlight} in flight${lowered})`;
}

function runOnce(
  instance: ScenarioInstance,
  mode: LoopMode,
  limit: RunLimit,
  settings: BenchSettings,
  openRate: number,
): Promise<LoopResult> {
  const drainTimeoutNs = seconds(settings.stallTimeoutS);
  const call = () => instance.call();
  // The paced loop is the closed one with a pause after every answer.
  const thinkNs = mode === 'paced' ? BigInt(Math.round((settings.thinkMs ?? 0) * 1_000_000)) : 0n;
  return mode !== 'open'
    ? runClosedLoop({ call, concurrency: settings.concurrency, limit, drainTimeoutNs, thinkNs })
    : runOpenLoop({
        call,
        ratePerSecond: openRate,
        maxInFlight: settings.openLoopMaxInFlight,
        limit,
        drainTimeoutNs,
      });
}

function modeResult(
  settings: BenchSettings,
  mode: LoopMode,
  runs: LoopResult[],
  openRate: number,
  loopDelay: { p99Ms: number; maxMs: number } | undefined,
  cpu: CpuAccount,
): ModeResult {
  const cpuPerOp = cpu.perOperation();
  const latency = mergeHistograms(runs.map((r) => r.latency));
  const uncorrectedRuns = runs.flatMap((r) => (r.uncorrected === undefined ? [] : [r.uncorrected]));
  const uncorrected = uncorrectedRuns.length === runs.length ? mergeHistograms(uncorrectedRuns) : undefined;
  const completed = runs.reduce((sum, r) => sum + r.completed, 0);
  const elapsedS = runs.reduce((sum, r) => sum + Number(r.elapsedNs) / NS_PER_S, 0);
  return {
    mode,
    load: loadLabel(settings, mode, openRate),
    ...(mode === 'open' ? { ratePerSecond: openRate } : {}),
    ...(loopDelay === undefined
      ? {}
      : {
          eventLoopDelayMs: {
            p99: round2(Math.max(0, loopDelay.p99Ms)),
            max: round2(Math.max(0, loopDelay.maxMs)),
          },
        }),
    latency: summarize(latency),
    ...(mode === 'open' && uncorrected !== undefined ? { uncorrected: summarize(uncorrected) } : {}),
    throughputPerSecond: elapsedS > 0 ? Math.round((completed / elapsedS) * 10) / 10 : 0,
    ...(cpuPerOp === undefined ? {} : { cpuPerOp }),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    timeouts: runs.reduce((sum, r) => sum + r.timeouts, 0),
    errorSamples: [...new Set(runs.flatMap((r) => r.errorSamples))].slice(0, 3),
    repetitions: runs.map((r) => {
      const s = summarize(r.latency);
      const elapsed = Number(r.elapsedNs) / NS_PER_S;
      return {
        p50: s.p50,
        p99: s.p99,
        count: s.count,
        throughputPerSecond: elapsed > 0 ? Math.round((r.completed / elapsed) * 10) / 10 : 0,
      };
    }),
  };
}

/**
 * Runs the selected scenarios (plus the harness's no-op) as `settings` say and returns the results;
 * writes nothing. Every scenario is set up once, warmed up, then measured in interleaved repetitions,
 * and closed at the end — also when something fails.
 */
export async function runBench(
  settings: BenchSettings,
  registry: ScenarioRegistry,
  config: BenchConfig,
  io: BenchIo,
): Promise<BenchResults> {
  const startedAt = new Date();
  const selected = registry.select(settings.scenarios).filter((s) => s !== HARNESS_SCENARIO);
  const scenarios = [HARNESS_SCENARIO, ...selected];
  const endpoints = benchEndpoints(settings.target, config, (line) => {
    io.log(line);
  });
  await probeServers(scenarios, endpoints);

  const runId = `${process.pid}-${randomBytes(3).toString('hex')}`;
  const maxInFlight = Math.max(settings.concurrency, settings.openLoopMaxInFlight);
  const context: ScenarioContext = {
    target: settings.target,
    quick: settings.quick,
    maxInFlight,
    runId,
    endpoints,
    log: (line) => {
      io.log(line);
    },
  };
  const watch = new NoDelayWatch().start();
  const prepared: Prepared[] = [];
  const hops = new RowHops((line) => {
    io.log(line);
  });
  const tracedPerRun = Math.ceil(TRACED_ORDERS_PER_ROW / (settings.repetitions * settings.modes.length));
  let early: Promise<BenchStackLease | undefined> = Promise.resolve(undefined);
  try {
    const setupStart = performance.now();
    const startedBefore = serverProcessesStarted();
    // The service rows' stack takes the longest to start: it starts at once, beside the other rows' server
    // processes, held by this lease until every row is set up (a failed start is the rows' to report).
    if (selected.some((s) => SERVICE_SCENARIOS.includes(s)))
      early = acquireBenchStack(context).catch(() => undefined);
    for (const scenario of scenarios) {
      watch.attribute(scenario.name);
      attributeServerSockets(scenario.name);
      const entry: Prepared = {
        scenario,
        runs: { closed: [], open: [], paced: [] },
        loopDelay: {},
        cpu: { closed: new CpuAccount(), open: new CpuAccount(), paced: new CpuAccount() },
      };
      prepared.push(entry);
      try {
        entry.instance = await scenario.setup(context);
      } catch (error) {
        entry.setupError = error instanceof Error ? error.message : String(error);
        io.log(`bench: ${scenario.name} could not be set up: ${entry.setupError}`);
      }
    }
    await (await early)?.release();
    io.log(
      setupLine({
        rows: prepared.length,
        seconds: (performance.now() - setupStart) / 1000,
        serverProcesses: serverProcessesStarted() - startedBefore,
      }),
    );

    const ready = prepared.filter((p) => p.instance !== undefined);
    const limit: RunLimit =
      settings.count !== undefined ? { count: settings.count } : { durationNs: seconds(settings.durationS) };
    const plan = measurementPlan(ready, settings.modes, settings.repetitions, settings.warmupS > 0);
    io.progress?.start(plan.length);
    for (const step of plan) {
      const { scenario, instance } = step.scenario;
      if (instance === undefined) continue;
      watch.attribute(scenario.name);
      attributeServerSockets(scenario.name);
      if (step.type === 'warmup') {
        io.progress?.step(`${scenario.name} warm-up`);
        const warm = await runClosedLoop({
          call: () => instance.call(),
          concurrency: settings.concurrency,
          limit: { durationNs: seconds(settings.warmupS) },
          drainTimeoutNs: seconds(settings.stallTimeoutS),
        });
        step.scenario.openRate = openLoopRate(settings, warm.completed, warm.elapsedNs);
      } else {
        io.progress?.step(`${scenario.name} ${step.mode} ${step.repetition}/${settings.repetitions}`);
        // Once, before the first measured run: the idle CPU of every row's processes, in one window.
        if (step.repetition === 1 && step.scenario === ready[0])
          await primeIdleRates(
            ready.flatMap((p) => (p.instance?.processes === undefined ? [] : [p.instance.processes])),
          );
        const delay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
        delay.enable();
        instance.placedOrders?.clear();
        // The loop delay covers the run only, not the CPU account's settling time after it.
        const result = await withCpuAccount(instance.processes, step.scenario.cpu[step.mode], () =>
          runOnce(
            instance,
            step.mode,
            limit,
            settings,
            step.scenario.openRate ?? settings.ratePerSecond,
          ).finally(() => delay.disable()),
        );
        // Node samples every LOOP_DELAY_RESOLUTION_MS and records the whole interval: the lateness is the
        // excess. No sample at all: the loop never yielded (the closed no-op runs on microtasks only).
        if (delay.count > 0) {
          const worst = (step.scenario.loopDelay[step.mode] ??= { p99Ms: 0, maxMs: 0 });
          worst.p99Ms = Math.max(worst.p99Ms, delay.percentile(99) / 1e6 - LOOP_DELAY_RESOLUTION_MS);
          worst.maxMs = Math.max(worst.maxMs, delay.max / 1e6 - LOOP_DELAY_RESOLUTION_MS);
        }
        // Without a warm-up, the first closed-loop run measures the capacity.
        if (step.mode === 'closed' && step.scenario.openRate === undefined)
          step.scenario.openRate = openLoopRate(settings, result.completed, result.elapsedNs);
        step.scenario.runs[step.mode].push(result);
        // Read before the next run's orders push this one's traces out of the store.
        if (instance.placedOrders !== undefined)
          await hops.afterRun(scenario.name, instance.placedOrders, tracedPerRun);
      }
    }
    io.progress?.stop();
  } finally {
    io.progress?.stop();
    await (await early)?.release();
    watch.attribute('(closing)');
    attributeServerSockets('(closing)');
    for (const entry of [...prepared].reverse()) {
      await entry.instance?.close().catch((error: unknown) => {
        io.log(`bench: closing ${entry.scenario.name} failed: ${String(error)}`);
      });
    }
    await endpoints.close();
    watch.stop();
  }

  const results: ScenarioResult[] = prepared.map(
    ({ scenario, instance, setupError, runs, openRate, loopDelay, cpu }) => ({
      name: scenario.name,
      group: scenario.group,
      transport: scenario.transport,
      kind: scenario.kind,
      description: scenario.description,
      ...(scenario.baseline === undefined ? {} : { baseline: scenario.baseline }),
      placement: instance?.placement ?? '(not set up)',
      payloadBytes: instance?.payloadBytes ?? { request: 0 },
      ...(setupError === undefined ? {} : { setupError }),
      noDelay: mergeNoDelayReports(watch.report(scenario.name), serverNoDelayReports(scenario.name)),
      runs: settings.modes
        .filter((mode) => runs[mode].length > 0)
        .map((mode) =>
          modeResult(
            settings,
            mode,
            runs[mode],
            openRate ?? settings.ratePerSecond,
            loopDelay[mode],
            cpu[mode],
          ),
        ),
    }),
  );
  addRatios(results);

  const harness = results.find((r) => r.kind === 'harness');
  const harnessCost: BenchResults['harnessCost'] = {};
  for (const run of harness?.runs ?? [])
    harnessCost[run.mode] = { p50: run.latency.p50, p99: run.latency.p99 };

  const store: BenchStore =
    settings.target === 'stack' ? 'unknown' : endpoints.databaseUrl === undefined ? 'PGlite' : 'PostgreSQL';
  return {
    schema: 'commlab-bench/v1',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: machineInfo(),
    packages: packageVersions(),
    settings,
    harnessCost,
    scenarios: results,
    store,
    goals: evaluateGoals({ scenarios: results, settings, store }),
    hopBars: hops.bars(),
    notes: [
      'Latencies in microseconds (µs), recorded with HdrHistogram (1 µs resolution, 3 significant digits).',
      'Closed loop: N workers call back to back. Open loop: calls scheduled at a fixed rate; latency counted from the intended send time (corrected for coordinated omission); "uncorrected" counts from the actual send.',
      'One-way scenarios: latency from publish until the consumer handler has the message.',
      "The bench process only generates load: raw and framework pairs run their server side in a process of its own (kafka-lite too); RabbitMQ and Redis are external servers; see each scenario's placement.",
      'Ratios compare p50 with p50 in the same loop: ×raw to the raw baseline of the same transport and group, ×REST to REST (framework, else raw).',
      "cpu/op: CPU time (user + system, /proc/<pid>/stat, 10 ms ticks) the serving processes (a pair's server process and broker, or the stack's) used from the start of each measured run until 250 ms after its end, divided by the calls it completed; idle work (pollers) in that window included. Servers shared with other users (RabbitMQ, PostgreSQL) count all their work.",
    ],
  };
}
