#!/usr/bin/env node
import { burstCommand } from './burst/burst-command';
import { chaosCommand } from './chaos/chaos-command';
import { eventsWatchCommand } from './events-watch/events-watch-command';
import { grpcCallCommand } from './grpc-call/grpc-call-command';
import { lagCommand } from './lag/lag-command';
import { queuesCommand } from './queues/queues-command';
import { raceCommand } from './race/race-command';
import { stackCommand } from './stack/stack-command';
import type { CommandIo } from './start/command-io';
import { startCommand } from './start/start-command';
import { traceCommand } from './trace/trace-command';
import { webhookListenCommand } from './webhook-listen/webhook-listen-command';

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
      return startCommand(io, stopSignal());
    case 'webhook-listen':
      return webhookListenCommand(io, rest, stopSignal);
    case 'events-watch':
      return eventsWatchCommand(io, rest, stopSignal);
    case 'grpc':
      return grpcCallCommand(io, rest);
    case 'queues':
      return queuesCommand(io, rest, stopSignal);
    case 'lag':
      return lagCommand(io, rest, stopSignal);
    case 'stack':
      return stackCommand(io, rest);
    case 'chaos':
      return chaosCommand(io, rest, stopSignal());
    case 'race':
      return raceCommand(io, rest);
    case 'burst':
      return burstCommand(io, rest, stopSignal());
    case 'trace':
      return traceCommand(io, rest);
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
