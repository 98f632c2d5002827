#!/usr/bin/env node
import { eventsWatchCommand } from './events-watch/events-watch-command';
import type { CommandIo } from './start/command-io';
import { startCommand } from './start/start-command';
import { webhookListenCommand } from './webhook-listen/webhook-listen-command';

const USAGE = `usage: commlab <command>

commands:
  start            run the whole stack on this machine, no Docker (pnpm start)
  webhook-listen   receive, verify and print webhook callbacks (pnpm webhook:listen [--port N]; --help)
  events-watch     print the events of commlab.events as a subscriber (pnpm events:watch [--pattern P]; --help)`;

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
