import { ConfigError } from '@commlab/config';

import type { CommandIo } from '../start/command-io';

export interface CommandSpec<A extends { help: boolean }, S> {
  /** As in `commlab <name>`, for messages. */
  name: string;
  usage: string;
  /** The command's own usage error class: its message is shown with the usage. */
  usageError: abstract new (...args: never[]) => Error;
  parse: () => A;
  /** Reads the settings (loadConfig); a ConfigError is shown as it is. */
  settings: (args: A) => S;
}

/**
 * The start every long-running command shares: parse the command line (a usage error prints the
 * message and the usage: exit 2), answer --help (exit 0), read the settings (a bad one: exit 2).
 * Returns the exit code when the command ends there.
 */
export function setUpCommand<A extends { help: boolean }, S>(
  io: CommandIo,
  spec: CommandSpec<A, S>,
): { args: A; settings: S } | number {
  let args: A;
  try {
    args = spec.parse();
  } catch (error) {
    if (error instanceof spec.usageError) {
      io.err(`commlab ${spec.name}: ${error.message}\n${spec.usage}`);
      return 2;
    }
    throw error;
  }
  if (args.help) {
    io.out(spec.usage);
    return 0;
  }
  try {
    return { args, settings: spec.settings(args) };
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`commlab ${spec.name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
