import { generateWebhookSecret } from '@commlab/webhooks';

import { StartedStack } from '../../processes/started-stack';
import { brokerServers, serverProcesses, treeProcesses } from '../../processes/watched-processes';
import { repoRoot } from '../../repo-root';
import type { ScenarioContext } from '../../scenario';
import type { BenchStack } from './bench-stack';
import { benchStackAt } from './running-bench-stack';

/** The name of `pnpm start`'s own process in the reports: the supervisor, with kafka-lite and the trace store. */
export const START_PROCESS_NAME = 'pnpm start (kafka-lite, trace store)';

/**
 * `--target processes` (the default): the bench starts `pnpm start` — every service in a process of its
 * own under its supervisor, kafka-lite and the trace store in the supervisor's process, each with the
 * settings `pnpm start` runs it with — on free ports, in a temporary data directory, a throwaway RabbitMQ
 * vhost and a redis-server of its own (StartedStack), waits until it is up, drives it as `--target stack`
 * drives a running one (SKUs topped up through the stock-adjustment API) and stops it when the last service
 * scenario closes. Its processes, for the CPU per operation: `pnpm start`'s tree (supervisor, services,
 * console), its redis-server, and RabbitMQ's (and with DATABASE_URL PostgreSQL's) server processes.
 */
export async function startProcessBenchStack(context: ScenarioContext): Promise<BenchStack> {
  const webhookSecret = generateWebhookSecret();
  const { databaseUrl } = context.endpoints;
  const stack = await StartedStack.start({
    root: repoRoot(),
    rabbitmqUrl: context.endpoints.rabbitmqUrl,
    redisUrl: context.endpoints.redisUrl,
    postgresUrl: databaseUrl,
    env: { WEBHOOK_SIGNING_SECRET: webhookSecret },
    log: (line) => {
      context.log(line);
    },
  });
  const servers = serverProcesses(
    brokerServers({ rabbitmq: context.endpoints.rabbitmqUrl, redis: stack.redisUrl, postgres: databaseUrl }),
  );
  const { startPid } = stack;
  return benchStackAt(context, {
    target: 'processes',
    authHttpUrl: stack.url('AUTH_HTTP_PORT'),
    authGrpcUrl: stack.address('AUTH_GRPC_PORT'),
    inventoryHttpUrl: stack.url('INVENTORY_HTTP_PORT'),
    inventoryGrpcUrl: stack.address('INVENTORY_GRPC_PORT'),
    orderHttpUrl: stack.url('ORDER_HTTP_PORT'),
    rabbitmqUrl: stack.rabbitmqUrl,
    kafka: { brokers: [stack.address('KAFKA_LITE_PORT')], where: 'kafka-lite in the pnpm start process' },
    where: {
      services: `commlab services, each a process of pnpm start (NestJS, ${stack.onPostgres ? 'PostgreSQL' : 'PGlite'})`,
      rabbitmq: 'RabbitMQ external (own vhost)',
      kafka: 'kafka-lite in the pnpm start process',
    },
    webhookSecret,
    traceStore: { url: stack.url('TRACE_STORE_PORT') },
    logTopUps: false,
    processes: () => [
      ...(startPid === undefined ? [] : treeProcesses(startPid, START_PROCESS_NAME)),
      ...servers.processes(),
    ],
    stop: () => stack.stop(),
  });
}
