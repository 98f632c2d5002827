import { parseArgs } from 'node:util';

import { z } from 'zod';

import { type BenchSettings, FULL_DEFAULTS, QUICK_DEFAULTS } from '../bench-settings';
import { parseBenchTarget } from './bench-target';

export const BENCH_USAGE = `usage: pnpm bench [--quick] [--scenario NAME]... [--list] [--target processes|stack]
                  [--duration S | --count N] [--warmup S] [--concurrency N] [--rate R]
                  [--repetitions K] [--think-ms T] [--out DIR]
       pnpm bench --sweep [options]   latency under rising load per pattern (--sweep --help)

Latency of request-reply and one-way messaging over REST, gRPC, RabbitMQ, Kafka and Redis, each beside a
raw-client baseline on the same transport and a raw TCP echo floor. Every scenario runs in a closed loop
(N calls in flight) and an open loop (R arrivals/s, latency corrected for coordinated omission), K times,
interleaved across scenarios. Prints a table; writes results.json, results.md and chart.svg.

  --quick            short runs, about a minute in all (0.5 s runs, 0.3 s warm-up, 2 repetitions)
  --scenario NAME    run only this scenario (repeatable; NAME or a prefix ending in *, e.g. 'rr.*')
  --list             list the scenarios and exit
  --target T         processes (default): the bench starts pnpm start — each service a process of
                     its own — on free ports, a temporary data dir, a throwaway vhost and its own
                     redis-server, and stops it at the end; stack (or compose): a running
                     stack at commlab's ports — pnpm start or docker compose up — with every broker
                     from the environment. Service SKUs are topped up through inventory's
                     stock-adjustment API when they run low. Service rows report the CPU each
                     process of the stack spent per operation (cpu/op)
  --duration S       seconds per measured run (default ${FULL_DEFAULTS.durationS}; quick ${QUICK_DEFAULTS.durationS})
  --count N          calls per measured run instead of a duration
  --warmup S         seconds of warm-up per scenario (default ${FULL_DEFAULTS.warmupS}; quick ${QUICK_DEFAULTS.warmupS})
  --concurrency N    closed loop: calls in flight (default ${FULL_DEFAULTS.concurrency})
  --rate R           open loop: calls per second (default ${FULL_DEFAULTS.ratePerSecond}); a scenario whose warm-up
                     measured a capacity below 2R runs at half that capacity instead
  --repetitions K    measured runs per scenario and loop (default ${FULL_DEFAULTS.repetitions}; quick ${QUICK_DEFAULTS.repetitions})
  --think-ms T       also a paced loop, interleaved with the others: the closed loop with T ms idle between
                     an answer and the next call (1-1000), so every process on the path has gone idle when
                     a call arrives, as a lone user's calls find them
  --out DIR          results go to DIR/<timestamp>/ (default bench-results)
  --help             this text

Environment: RABBITMQ_URL, REDIS_URL, KAFKA_BROKERS (stack), BENCH_KAFKA_BROKERS (use this Kafka instead
of starting a kafka-lite for the raw and framework rows), DATABASE_URL (the services' stores there).`;

/** A bad command line; the message is for the user (exit 2). */
export class BenchUsageError extends Error {}

export type BenchCommand =
  { command: 'help' } | { command: 'list' } | { command: 'run'; settings: BenchSettings };

const number = (flag: string, check: z.ZodNumber) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, `${flag} takes a number`)
    .transform(Number)
    .pipe(check.refine(Number.isFinite, `${flag} takes a number`));

const optionSchemas = {
  duration: number(
    '--duration',
    z.number().positive('--duration must be > 0').max(3600, '--duration is at most 3600 s'),
  ),
  count: number('--count', z.number().int('--count takes a whole number').min(1, '--count must be >= 1')),
  warmup: number('--warmup', z.number().min(0).max(600, '--warmup is at most 600 s')),
  concurrency: number(
    '--concurrency',
    z.number().int('--concurrency takes a whole number').min(1).max(1024, '--concurrency is at most 1024'),
  ),
  rate: number(
    '--rate',
    z.number().positive('--rate must be > 0').max(100_000, '--rate is at most 100000/s'),
  ),
  repetitions: number('--repetitions', z.number().int('--repetitions takes a whole number').min(1).max(100)),
  'think-ms': number(
    '--think-ms',
    z.number().min(1, '--think-ms must be >= 1').max(1000, '--think-ms is at most 1000'),
  ),
};

function parseOption(name: keyof typeof optionSchemas, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = optionSchemas[name].safeParse(value);
  if (!parsed.success)
    throw new BenchUsageError(
      `${parsed.error.issues[0]?.message ?? `bad --${name}`}; got ${JSON.stringify(value)}`,
    );
  return parsed.data;
}

export function parseBenchArgs(argv: readonly string[]): BenchCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        quick: { type: 'boolean' },
        scenario: { type: 'string', multiple: true },
        list: { type: 'boolean' },
        target: { type: 'string' },
        duration: { type: 'string' },
        count: { type: 'string' },
        warmup: { type: 'string' },
        concurrency: { type: 'string' },
        rate: { type: 'string' },
        repetitions: { type: 'string' },
        'think-ms': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new BenchUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return { command: 'help' };
  if (values.list === true) return { command: 'list' };

  const parsedTarget = parseBenchTarget(values.target);
  if ('error' in parsedTarget)
    throw new BenchUsageError(`${parsedTarget.error}; got ${JSON.stringify(values.target)}`);
  const { target } = parsedTarget;
  if (values.duration !== undefined && values.count !== undefined)
    throw new BenchUsageError('give --duration or --count, not both');
  if (values.out === '') throw new BenchUsageError('--out needs a directory');

  const quick = values.quick === true;
  const defaults = quick ? QUICK_DEFAULTS : FULL_DEFAULTS;
  const count = parseOption('count', values.count);
  const thinkMs = parseOption('think-ms', values['think-ms']);
  return {
    command: 'run',
    settings: {
      target,
      quick,
      scenarios: values.scenario ?? [],
      modes: thinkMs === undefined ? ['closed', 'open'] : ['closed', 'open', 'paced'],
      ...(thinkMs === undefined ? {} : { thinkMs }),
      durationS: parseOption('duration', values.duration) ?? defaults.durationS,
      ...(count === undefined ? {} : { count }),
      warmupS: parseOption('warmup', values.warmup) ?? defaults.warmupS,
      concurrency: parseOption('concurrency', values.concurrency) ?? defaults.concurrency,
      ratePerSecond: parseOption('rate', values.rate) ?? defaults.ratePerSecond,
      openLoopMaxInFlight: defaults.openLoopMaxInFlight,
      repetitions: parseOption('repetitions', values.repetitions) ?? defaults.repetitions,
      stallTimeoutS: defaults.stallTimeoutS,
      outDir: values.out ?? 'bench-results',
    },
  };
}
