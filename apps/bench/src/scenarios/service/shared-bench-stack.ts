import type { ScenarioContext, ScenarioInstance } from '../../scenario';
import type { BenchStack } from './bench-stack';
import { runningBenchStack } from './running-bench-stack';
import { startProcessBenchStack } from './process-bench-stack';

/** A scenario's hold on the shared stack; `release` once, from its `close` (or a failed setup). */
export interface BenchStackLease {
  stack: BenchStack;
  release(): Promise<void>;
}

interface Holder {
  starting: Promise<BenchStack>;
  users: number;
}

function startBenchStack(context: ScenarioContext): Promise<BenchStack> {
  switch (context.target) {
    case 'processes':
      return startProcessBenchStack(context);
    case 'stack':
      return runningBenchStack(context);
  }
}

/** One stack per bench run (keyed by run id), started by the first scenario that asks for it. */
const holders = new Map<string, Holder>();

async function drop(runId: string, holder: Holder): Promise<void> {
  holder.users -= 1;
  if (holder.users > 0) return;
  if (holders.get(runId) === holder) holders.delete(runId);
  const stack = await holder.starting.catch(() => undefined);
  await stack?.stop();
}

/**
 * The bench stack of this run, started lazily on the first scenario's setup and shared by all service
 * scenarios (starting commlab's services costs seconds): reference-counted, the last `release` stops it.
 * A start that fails is reported to the scenario that asked ("could not start the bench stack: …"), and
 * the next scenario tries again.
 */
export async function acquireBenchStack(context: ScenarioContext): Promise<BenchStackLease> {
  let holder = holders.get(context.runId);
  if (holder === undefined) {
    holder = {
      starting: startBenchStack(context),
      users: 0,
    };
    holders.set(context.runId, holder);
  }
  const mine = holder;
  mine.users += 1;
  let stack: BenchStack;
  try {
    stack = await mine.starting;
  } catch (error) {
    await drop(context.runId, mine);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`could not start the bench stack: ${reason}`, { cause: error });
  }
  let released = false;
  return {
    stack,
    release: async () => {
      if (released) return;
      released = true;
      await drop(context.runId, mine);
    },
  };
}

/**
 * Runs a scenario's setup on the shared stack: the lease is released when `setup` throws, or else by
 * the instance's `close` (the scenario calls `lease.release()` there). The instance's `processes` are the
 * stack's (for the CPU per operation).
 */
export async function withBenchStack(
  context: ScenarioContext,
  setup: (lease: BenchStackLease) => Promise<ScenarioInstance>,
): Promise<ScenarioInstance> {
  const lease = await acquireBenchStack(context);
  try {
    const instance = await setup(lease);
    return Object.assign(instance, { processes: () => lease.stack.processes() });
  } catch (error) {
    await lease.release();
    throw error;
  }
}
