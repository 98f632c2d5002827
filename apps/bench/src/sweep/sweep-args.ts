import { parseArgs } from 'node:util';

import { z } from 'zod';

import { parseBenchTarget } from '../cli/bench-target';
import { SWEEP_DEFAULT_PATTERNS, SWEEP_DEFAULTS, type SweepSettings } from './sweep-settings';

const D = SWEEP_DEFAULTS;

export const SWEEP_USAGE = `usage: pnpm bench --sweep [--scenario NAME]... [--list] [--target processes|stack] [--p99-limit MS]
                  [--start-rate R] [--rate-factor F] [--max-steps N] [--max-rate R]
                  [--step S] [--warmup S] [--max-in-flight N] [--out DIR]

Latency under load, per pattern: for each scenario, open-loop steps at rising arrival rates (R, R·F,
R·F², …; latency corrected for coordinated omission) until a step's p99 passes the limit, a call fails,
or the achieved throughput falls below ${D.minAchievedShare * 100}% of the offered rate. The knee is the highest rate that met
the limit. Prints a table per pattern; writes sweep.json, sweep.md and sweep.svg (p50 and p99 against
achieved throughput, every pattern in one chart).

  --scenario NAME    sweep only this scenario (repeatable; NAME or a prefix ending in *); default:
                     ${SWEEP_DEFAULT_PATTERNS.join(', ')}
  --list             list the scenarios a sweep can run and exit
  --target T         processes (default) or stack (compose), as for pnpm bench
  --p99-limit MS     the latency limit a step must meet, p99 in ms (default ${D.p99LimitMs})
  --start-rate R     the first step's calls per second (default ${D.startRate})
  --rate-factor F    each step offers F times the previous rate (default ${D.rateFactor}; 1.05 to 10)
  --max-steps N      at most N steps per scenario (default ${D.maxSteps})
  --max-rate R       no step above R calls per second (default ${D.maxRate})
  --step S           seconds of load per step (default ${D.stepS})
  --warmup S         seconds of closed-loop warm-up per scenario (default ${D.warmupS})
  --max-in-flight N  most calls in flight; later arrivals wait, and their latency counts it (default ${D.maxInFlight})
  --out DIR          results go to DIR/<timestamp>/ (default bench-results)
  --help             this text`;

/** A bad sweep command line; the message is for the user (exit 2). */
export class SweepUsageError extends Error {}

export type SweepCommand =
  { command: 'help' } | { command: 'list' } | { command: 'sweep'; settings: SweepSettings };

/** A flag's text as a number: digits with an optional fraction, nothing else (no 1e3, no -1, no ''). */
const decimal = (flag: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, `${flag} takes a number`)
    .transform(Number);

const whole = (flag: string, min: number, max: number) =>
  decimal(flag).pipe(
    z
      .number()
      .int(`${flag} takes a whole number`)
      .min(min, `${flag} must be >= ${min}`)
      .max(max, `${flag} is at most ${max}`),
  );

const bounded = (flag: string, min: number, max: number, unit = '') =>
  decimal(flag).pipe(
    z.number().gt(min, `${flag} must be > ${min}${unit}`).max(max, `${flag} is at most ${max}${unit}`),
  );

const sweepOptionsSchema = z
  .object({
    target: z
      .string()
      .default('processes')
      .transform((t, context) => {
        const parsed = parseBenchTarget(t);
        if ('target' in parsed) return parsed.target;
        context.addIssue({ code: 'custom', message: parsed.error });
        return z.NEVER;
      }),
    scenario: z.array(z.string().min(1, '--scenario needs a name')).default([]),
    'p99-limit': bounded('--p99-limit', 0, 60_000, ' ms').default(D.p99LimitMs),
    'start-rate': bounded('--start-rate', 0, 100_000, '/s').default(D.startRate),
    'rate-factor': decimal('--rate-factor')
      .pipe(z.number().min(1.05, '--rate-factor must be >= 1.05').max(10, '--rate-factor is at most 10'))
      .default(D.rateFactor),
    'max-steps': whole('--max-steps', 1, 100).default(D.maxSteps),
    'max-rate': bounded('--max-rate', 0, 100_000, '/s').default(D.maxRate),
    step: bounded('--step', 0, 600, ' s').default(D.stepS),
    warmup: decimal('--warmup').pipe(z.number().max(600, '--warmup is at most 600 s')).default(D.warmupS),
    'max-in-flight': whole('--max-in-flight', 1, 4096).default(D.maxInFlight),
    out: z.string().min(1, '--out needs a directory').default('bench-results'),
  })
  .refine((o) => o['start-rate'] <= o['max-rate'], {
    message: '--start-rate must not be above --max-rate',
  });

const FLAGS = {
  sweep: { type: 'boolean' },
  scenario: { type: 'string', multiple: true },
  list: { type: 'boolean' },
  target: { type: 'string' },
  'p99-limit': { type: 'string' },
  'start-rate': { type: 'string' },
  'rate-factor': { type: 'string' },
  'max-steps': { type: 'string' },
  'max-rate': { type: 'string' },
  step: { type: 'string' },
  warmup: { type: 'string' },
  'max-in-flight': { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** True when the command line asks for a sweep (`--sweep` anywhere). */
export function isSweep(argv: readonly string[]): boolean {
  return argv.includes('--sweep');
}

/** `pnpm bench --sweep …` → what to do; throws SweepUsageError with a message for the user. */
export function parseSweepArgs(argv: readonly string[]): SweepCommand {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: FLAGS }));
  } catch (error) {
    throw new SweepUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return { command: 'help' };
  if (values.list === true) return { command: 'list' };
  const { sweep: _sweep, list: _list, help: _help, ...options } = values;
  const parsed = sweepOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = issue?.path[0];
    const given = typeof flag === 'string' ? (options as Record<string, unknown>)[flag] : undefined;
    throw new SweepUsageError(
      `${issue?.message ?? 'bad arguments'}${typeof given === 'string' ? `; got ${JSON.stringify(given)}` : ''}`,
    );
  }
  const o = parsed.data;
  return {
    command: 'sweep',
    settings: {
      target: o.target,
      scenarios: o.scenario,
      p99LimitMs: o['p99-limit'],
      startRate: o['start-rate'],
      rateFactor: o['rate-factor'],
      maxSteps: o['max-steps'],
      maxRate: o['max-rate'],
      stepS: o.step,
      warmupS: o.warmup,
      maxInFlight: o['max-in-flight'],
      minAchievedShare: D.minAchievedShare,
      stallTimeoutS: D.stallTimeoutS,
      outDir: o.out,
    },
  };
}
