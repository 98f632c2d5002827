/** What a scenario of `pnpm chaos` is made of, and the helpers the scenarios share. */
import { reconcile } from './chaos-accounting';
import type { ChaosScenarioName } from './chaos-args';
import type { Load } from './chaos-load';
import type { ChaosStack } from './chaos-stack';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ScenarioContext {
  stack: ChaosStack;
  load: Load;
  orders: number;
  /** Marks the moment of the fault (recovery is measured from it). */
  faultNow: () => void;
  inScope: (orderId: string) => boolean;
  progress: (text: string) => void;
}

/** One row of the table: a scenario of `pnpm chaos`. */
export interface ChaosScenario {
  name: ChaosScenarioName;
  /** The fault, as the report describes it. */
  fault: string;
  /** Runs the load and the fault; returns when the fault is over, with what was in flight when it hit. */
  run(ctx: ScenarioContext): Promise<string>;
}

/** Waits until `load` has sent `count` of its orders. */
export async function until(load: Load, count: number): Promise<void> {
  while (load.progress < count) await sleep(50);
}

/** What is outstanding right now: messages in RabbitMQ queues, orders pending, effects not yet there. */
export async function backlog(ctx: ScenarioContext): Promise<string> {
  const account = reconcile(ctx.load.sent, await ctx.stack.truth(), ctx.inScope);
  return `${String(account.queued)} msgs queued, ${String(account.states.PENDING)} orders pending, ${String(account.outstanding)} effects to do`;
}

/** Freezes `service` (SIGSTOP), places every order async while it is frozen (they queue up), lets it go. */
export async function asyncBacklogFor(ctx: ScenarioContext, service: string): Promise<void> {
  await ctx.stack.control(service, 'pause');
  await ctx.load.run(ctx.orders, { syncEvery: 0 });
  await ctx.stack.control(service, 'resume');
}

/**
 * A fault injected while the orders flow: once `share` of them are sent, measure what is in flight, mark
 * the fault and `inject` it (given what was in flight, for its progress lines); then let the load finish.
 */
export function midStream(
  name: ChaosScenarioName,
  fault: string,
  share: number,
  inject: (ctx: ScenarioContext, inFlight: string) => Promise<void>,
): ChaosScenario {
  return {
    name,
    fault,
    async run(ctx) {
      const { load, orders, faultNow } = ctx;
      const running = load.run(orders);
      await until(load, Math.floor(orders * share));
      const inFlight = await backlog(ctx);
      faultNow();
      await inject(ctx, inFlight);
      await running;
      return inFlight;
    },
  };
}
