#!/usr/bin/env node
import type { CommandIo } from './start/command-io';

// Each command is imported when it runs, not all of them at every start: a command loads only its own
// dependencies (`pnpm stack status` does not load kafka-lite, the trace store or the chaos scenarios).
const USAGE = `usage: commlab <command>

commands:
  start            run the whole stack on this machine, no Docker (pnpm start)
  webhook-listen   receive, verify and print webhook callbacks (pnpm webhook:listen [--port N]; --help)
  events-watch     print the events of commlab.events as a subscriber (pnpm events:watch [--pattern P]; --help)
  grpc             call a gRPC method of auth or inventory, print the answer (pnpm grpc inventory CheckStock '{"skus":["mug-red"]}')
  queues           commlab's RabbitMQ queues: messages waiting and consumers (pnpm queues [--watch S])
  lag              a Kafka consumer group's committed offsets and lag (pnpm lag [--group G] [--watch S])
  stack            stop, start, pause or resume one service of a running pnpm start (pnpm stack stop inventory)
  chaos            the fault scenarios on a stack of its own: lost / duplicated counts (pnpm chaos [--scenario NAME] [--orders N])
  race             n concurrent orders for one SKU over every transport: outcomes, conflicts, stock check (pnpm race tee-black 30)
  burst            backpressure: one burst to a slow consumer, bounded RabbitMQ queue vs Redis Pub/Sub (pnpm burst [--orders N] [--max-length M])
  trace            the waterfall of an order's trace, from the trace store of pnpm start (pnpm trace <order-id | trace-id>)`;

const io: CommandIo = {
  out: (line) => {
    process.stdout.write(`${line}\n`);
  },
  err: (line) => {
    process.stderr.write(`${line}\n`);
  },
};

/** Ctrl-C or SIGTERM ask the running command to stop gracefully; a second one exits at once. */
function stopSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    io.err(`commlab: ${name} received, stopping (again to force)`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      if (rest.length > 0) {
        io.err(`commlab start: unexpected argument ${JSON.stringify(rest[0])}\n${USAGE}`);
        return 2;
      }
      return (await import('./start/start-command.js')).startCommand(io, stopSignal());
    case 'webhook-listen':
      return (await import('./webhook-listen/webhook-listen-command.js')).webhookListenCommand(
        io,
        rest,
        stopSignal,
      );
    case 'events-watch':
      return (await import('./events-watch/events-watch-command.js')).eventsWatchCommand(
        io,
        rest,
        stopSignal,
      );
    case 'grpc':
      return (await import('./grpc-call/grpc-call-command.js')).grpcCallCommand(io, rest);
    case 'queues':
      return (await import('./queues/queues-command.js')).queuesCommand(io, rest, stopSignal);
    case 'lag':
      return (await import('./lag/lag-command.js')).lagCommand(io, rest, stopSignal);
    case 'stack':
      return (await import('./stack/stack-command.js')).stackCommand(io, rest);
    case 'chaos':
      return (await import('./chaos/chaos-command.js')).chaosCommand(io, rest, stopSignal());
    case 'race':
      return (await import('./race/race-command.js')).raceCommand(io, rest);
    case 'burst':
      return (await import('./burst/burst-command.js')).burstCommand(io, rest, stopSignal());
    case 'trace':
      return (await import('./trace/trace-command.js')).traceCommand(io, rest);
    case undefined:
    case '--help':
    case '-h':
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    default:
      io.err(`commlab: unknown command ${JSON.stringify(command)}\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exit(code);
  },
  (error: unknown) => {
    io.err(`commlab: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
