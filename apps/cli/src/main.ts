#!/usr/bin/env node
import { startCommand } from './start/start-command';

const USAGE = `usage: commlab <command>

commands:
  start    run the whole stack on this machine (pnpm start)`;

const io = {
  out: (line: string) => {
    process.stdout.write(`${line}\n`);
  },
  err: (line: string) => {
    process.stderr.write(`${line}\n`);
  },
};

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      if (rest.length > 0) {
        io.err(`commlab start: unexpected argument ${JSON.stringify(rest[0])}\n${USAGE}`);
        return 2;
      }
      return startCommand(io);
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
    process.exitCode = code;
  },
  (error: unknown) => {
    io.err(`commlab: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
