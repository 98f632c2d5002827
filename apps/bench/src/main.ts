#!/usr/bin/env node
import { benchCommand, type CommandIo } from './cli/bench-command';
import { stderrProgressBar } from './cli/progress-bar';

const io: CommandIo = {
  out: (line) => {
    process.stdout.write(`${line}\n`);
  },
  err: (line) => {
    process.stderr.write(`${line}\n`);
  },
  progress: stderrProgressBar(),
};

benchCommand(process.argv.slice(2), io).then(
  ({ exitCode }) => {
    process.exit(exitCode);
  },
  (error: unknown) => {
    io.err(`pnpm bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
