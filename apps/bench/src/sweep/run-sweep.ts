import { randomBytes } from 'node:crypto';

import type { BenchConfig } from '../bench.config';
import { benchEndpoints } from '../bench-endpoints';
import { runClosedLoop } from '../measure/closed-loop';
import { probeServers } from '../probe-servers';
import { machineInfo, packageVersions } from '../report/machine-info';
import type { BenchStore } from '../report/bench-results';
import type { Scenario, ScenarioContext, ScenarioInstance } from '../scenario';
import { judgeCapacity } from './capacity-goal';
import { findKnee } from './knee';
import { measureStep } from './measure-step';
import type { PatternSweep, SweepResults, SweepStep } from './sweep-results';
import { sweepRates } from './sweep-rates';
import type { SweepSettings } from './sweep-settings';
import { stepLine } from './sweep-table';

export interface SweepIo {
  /** Progress and diagnostics (stderr). */
  log(line: string): void;
}

/** A pause between patterns, so one pattern's leftovers (GC, a broker's backlog) spill less into the next. */
const BETWEEN_PATTERNS_MS = 1000;

const seconds = (s: number) => BigInt(Math.round(s * 1e9));

/** One call in flight for `settings.warmupS` (none when 0): JIT, connection pools, consumer groups. */
async function warmUp(
  what: string,
  instance: ScenarioInstance,
  settings: SweepSettings,
  io: SweepIo,
): Promise<void> {
  if (settings.warmupS <= 0) return;
  io.log(`${what}: warm-up ${String(settings.warmupS)} s`);
  await runClosedLoop({
    call: () => instance.call(),
    concurrency: 1,
    limit: { durationNs: seconds(settings.warmupS) },
    drainTimeoutNs: seconds(settings.stallTimeoutS),
  });
}

async function sweepPattern(
  scenario: Scenario,
  instance: ScenarioInstance,
  settings: SweepSettings,
  io: SweepIo,
): Promise<Pick<PatternSweep, 'steps' | 'knee' | 'stoppedBy'>> {
  const call = () => instance.call();
  await warmUp(`sweep ${scenario.name}`, instance, settings, io);
  const steps: SweepStep[] = [];
  for (const rate of sweepRates(settings)) {
    const step = await measureStep({
      call,
      rate,
      durationS: settings.stepS,
      maxInFlight: settings.maxInFlight,
      stallTimeoutS: settings.stallTimeoutS,
      limits: settings,
    });
    io.log(stepLine(scenario.name, steps.length, step));
    steps.push(step);
    if (step.verdict !== 'ok') break;
  }
  const finding = findKnee(steps.map((s) => s.verdict));
  const kneeStep = finding.index === undefined ? undefined : steps[finding.index];
  return {
    steps,
    stoppedBy: finding.stoppedBy,
    ...(kneeStep === undefined
      ? {}
      : {
          knee: {
            offeredPerSecond: kneeStep.offeredPerSecond,
            achievedPerSecond: kneeStep.achievedPerSecond,
            p50: kneeStep.latency.p50,
            p99: kneeStep.latency.p99,
            reached: finding.reached,
          },
        }),
  };
}

/**
 * Sweeps each scenario in turn (all set up first, so they share one bench stack; closed at the end,
 * also when something fails): every pattern warmed up once, then per pattern a warm-up and open-loop
 * steps at rising rates until one misses the limits. Writes nothing.
 */
export async function runSweep(
  settings: SweepSettings,
  scenarios: readonly Scenario[],
  config: BenchConfig,
  io: SweepIo,
): Promise<SweepResults> {
  const startedAt = new Date();
  const endpoints = benchEndpoints(settings.target, config, (line) => {
    io.log(line);
  });
  await probeServers(scenarios, endpoints);
  const context: ScenarioContext = {
    target: settings.target,
    quick: false,
    maxInFlight: settings.maxInFlight,
    runId: `${process.pid}-${randomBytes(3).toString('hex')}`,
    endpoints,
    log: (line) => {
      io.log(line);
    },
  };
  const prepared: { scenario: Scenario; instance?: ScenarioInstance; setupError?: string }[] = [];
  const patterns: PatternSweep[] = [];
  try {
    for (const scenario of scenarios) {
      io.log(`sweep ${scenario.name}: setting up`);
      try {
        prepared.push({ scenario, instance: await scenario.setup(context) });
      } catch (error) {
        const setupError = error instanceof Error ? error.message : String(error);
        io.log(`sweep ${scenario.name}: could not be set up: ${setupError}`);
        prepared.push({ scenario, setupError });
      }
    }
    // The whole stack first: every pattern's path once, so the first pattern swept does not also pay for
    // a stack still warming up (its knee would sit lower for that alone).
    for (const { scenario, instance } of prepared)
      if (instance !== undefined) await warmUp(`sweep stack, ${scenario.name}`, instance, settings, io);
    for (const [i, { scenario, instance, setupError }] of prepared.entries()) {
      const base = {
        name: scenario.name,
        description: scenario.description,
        placement: instance?.placement ?? '(not set up)',
      };
      if (instance === undefined) {
        patterns.push({ ...base, steps: [], ...(setupError === undefined ? {} : { setupError }) });
        continue;
      }
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, BETWEEN_PATTERNS_MS));
      patterns.push({ ...base, ...(await sweepPattern(scenario, instance, settings, io)) });
    }
  } finally {
    for (const entry of [...prepared].reverse()) {
      await entry.instance?.close().catch((error: unknown) => {
        io.log(`sweep: closing ${entry.scenario.name} failed: ${String(error)}`);
      });
    }
    await endpoints.close();
  }
  const store: BenchStore =
    settings.target === 'stack' ? 'unknown' : endpoints.databaseUrl === undefined ? 'PGlite' : 'PostgreSQL';
  const capacityGoal = judgeCapacity(patterns, store, settings.p99LimitMs);
  return {
    schema: 'commlab-bench-sweep/v1',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: machineInfo(),
    packages: packageVersions(),
    settings,
    store,
    patterns,
    ...(capacityGoal === undefined ? {} : { capacityGoal }),
  };
}
