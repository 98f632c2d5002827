import { connect } from 'node:net';

import type { InfrastructureConfig } from '@commlab/config';

/** A broker a service may need. */
export type Dependency = 'kafka' | 'rabbitmq' | 'redis';

export interface DependencyStatus {
  dependency: Dependency;
  address: string;
  reachable: boolean;
  /** Why it is not reachable, and what starts it. */
  problem?: string;
}

const HOW_TO_START: Record<Dependency, string> = {
  rabbitmq: 'start it with `rabbitmq-server -detached`, or `docker compose --profile infra up -d rabbitmq`',
  redis:
    "start it with `redis-server --daemonize yes --save ''`, or `docker compose --profile infra up -d redis`",
  kafka:
    'unset KAFKA_BROKERS to use the built-in kafka-lite, or start Kafka with `docker compose --profile infra up -d kafka`',
};

function hostPort(url: string, defaultPort: number): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port || defaultPort) };
}

async function canConnect(host: string, port: number, timeoutMs = 1500): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      resolve(`no answer within ${timeoutMs} ms`);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code ?? error.message);
    });
  });
}

/** A TCP connect to each broker: enough to tell "not running" apart from "running". */
export async function probeDependencies(
  config: Pick<InfrastructureConfig, 'RABBITMQ_URL' | 'REDIS_URL'>,
  kafkaBrokers: readonly string[] | undefined,
): Promise<DependencyStatus[]> {
  const targets: { dependency: Dependency; host: string; port: number }[] = [
    { dependency: 'rabbitmq', ...hostPort(config.RABBITMQ_URL, 5672) },
    { dependency: 'redis', ...hostPort(config.REDIS_URL, 6379) },
  ];
  const firstBroker = kafkaBrokers?.[0];
  if (firstBroker !== undefined) {
    const separator = firstBroker.lastIndexOf(':');
    targets.push({
      dependency: 'kafka',
      host: firstBroker.slice(0, separator),
      port: Number(firstBroker.slice(separator + 1)),
    });
  }
  return Promise.all(
    targets.map(async ({ dependency, host, port }) => {
      const failure = await canConnect(host, port);
      const address = `${host}:${port}`;
      return failure === undefined
        ? { dependency, address, reachable: true }
        : { dependency, address, reachable: false, problem: `${failure}; ${HOW_TO_START[dependency]}` };
    }),
  );
}
