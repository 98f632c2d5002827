import { ConfigError, infrastructureConfigSchema, loadConfig } from '@commlab/config';

import { repoRoot } from '../repo-root';
import { probeDependencies } from './probe-dependencies';
import { findServices } from './stack-services';

export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * `pnpm start`: the whole stack on this machine, no Docker. Today it checks the brokers and reports
 * which services exist; each service issue adds its process here (see docs/architecture.md).
 */
export async function startCommand(io: CommandIo): Promise<number> {
  let config;
  try {
    config = loadConfig(infrastructureConfigSchema);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`commlab start: ${error.message}`);
      return 2;
    }
    throw error;
  }

  io.out('commlab start: the local stack, no Docker');
  const dependencies = await probeDependencies(config, undefined);
  for (const status of dependencies) {
    const mark = status.reachable ? '✓' : '✗';
    io.out(
      `  ${mark} ${status.dependency.padEnd(20)} ${status.address}${status.problem ? `  — ${status.problem}` : ''}`,
    );
  }

  const services = findServices(repoRoot());
  for (const { service, entry } of services) {
    io.out(
      `  ${entry ? '✓' : '·'} ${service.name.padEnd(20)} ${entry ? `http://127.0.0.1:${service.httpPort}` : 'not there yet'}`,
    );
  }

  const present = services.filter((presence) => presence.entry !== undefined);
  if (present.length === 0) {
    io.out('');
    io.out('No service exists in apps/ yet, so there is nothing to run. The services arrive with the');
    io.out('sync-path, Kafka and RabbitMQ issues; see README.md for the roadmap.');
    return 0;
  }
  const missing = dependencies.filter((status) => !status.reachable);
  const blocking = missing.filter((status) =>
    present.some(({ service }) => service.needs.includes(status.dependency)),
  );
  if (blocking.length > 0) {
    for (const status of blocking)
      io.err(
        `commlab start: ${status.dependency} is not reachable at ${status.address}: ${status.problem ?? ''}`,
      );
    return 1;
  }
  io.err('commlab start: services exist but this version of the CLI cannot run them yet; update apps/cli.');
  return 1;
}
