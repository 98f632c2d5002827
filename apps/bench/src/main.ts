#!/usr/bin/env node
import { benchCommand, type CommandIo } from './cli/bench-command';
import { stderrProgressBar } from './cli/progress-bar';
import { stopStartedStacks } from './processes/started-stack';
import { stopServerProcesses } from './servers/server-process';

const io: CommandIo = {
  out: (line) => {
    process.stdout.write(`${line}\n`);
  },
  err: (line) => {
    process.stderr.write(`${line}\n`);
  },
  progress: stderrProgressBar(),
};

let stopping = false;

/**
 * Ctrl-C or SIGTERM: stop the stack the bench started (pnpm start and its services, redis-server; vhost,
 * data directory removed) and the raw and framework rows' server processes, then exit; a second signal exits at once (pnpm start is still told to stop).
 */
function onSignal(name: NodeJS.Signals): void {
  if (stopping) process.exit(130);
  stopping = true;
  io.err(`pnpm bench: ${name} received, stopping the bench stack (again to force)`);
  void Promise.all([stopStartedStacks(), stopServerProcesses()]).finally(() => process.exit(130));
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

benchCommand(process.argv.slice(2), io).then(
  ({ exitCode }) => {
    process.exit(exitCode);
  },
  (error: unknown) => {
    io.err(`pnpm bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
