import { authConfigSchema, DEMO_USERS, startAuthService } from '@commlab/auth-service';
import { loadConfig } from '@commlab/config';
import { IN_MEMORY_DATA_DIR, inventoryConfigSchema, startInventoryService } from '@commlab/inventory-service';
import { orderConfigSchema, startOrderService } from '@commlab/order-service';
import {
  dropSchemas,
  freePort,
  type ThrowawayVhost,
  throwawayVhost,
  throwawaySchemaName,
} from '@commlab/testing';
import { generateWebhookSecret } from '@commlab/webhooks';

import { brokerServers, serverProcesses } from '../../processes/watched-processes';
import type { ScenarioContext } from '../../scenario';
import { AccessTokenKeeper } from './access-token-keeper';
import { BENCH_CATALOG } from './bench-catalog';
import type { BenchStack } from './bench-stack';
import { createCommlabTopics } from './commlab-kafka-topics';
import { clientCredentials, login } from './login';
import { ensureBenchStock } from './stock-check';

const [DEMO_USER] = DEMO_USERS;

/**
 * `--target in-process`: auth-, inventory- and order-service started in the bench process the way the e2e
 * tests start them (apps/order-service/test/support/sync-stack.ts): real NestJS apps on free loopback
 * ports, each with an in-memory PGlite store — or, when DATABASE_URL is set (as `pnpm start` would use
 * it), a throwaway schema of that PostgreSQL, dropped by `stop` — on the bench's brokers:
 *  - RabbitMQ: a throwaway vhost (bench-vhost.ts, dropped by `stop`), so the bench never competes with
 *    a running `pnpm start` stack for `inventory.rpc` and never leaves commands or notification jobs
 *    behind;
 *  - Kafka: the bench's broker (its kafka-lite, or BENCH_KAFKA_BROKERS) with commlab's topics created
 *    first. The services' consumer groups (`order`, `inventory-reserve-stock`, …) are commlab's fixed
 *    names: point BENCH_KAFKA_BROKERS at a broker no running commlab stack uses;
 *  - Redis: the bench's REDIS_URL (the services' fire-and-forget live feed, `commlab.live`).
 * Demo users are seeded (COMMLAB_ENV=development; it also lets order-service call back to loopback);
 * inventory gets the bench catalog (BENCH_CATALOG) instead of the demo one. Every other setting is the
 * service's default, as `pnpm start` runs it.
 */
export async function startLocalBenchStack(context: ScenarioContext): Promise<BenchStack> {
  const log = (line: string) => {
    context.log(line);
  };
  const started: { close(): Promise<void> }[] = [];
  let vhost: ThrowawayVhost | undefined;
  const { databaseUrl } = context.endpoints;
  const schemas: string[] = [];
  /** Store options for one service: PGlite in memory, or its own schema in DATABASE_URL. */
  const store = (service: string) => {
    if (databaseUrl === undefined) return { inMemoryStore: true };
    const schema = throwawaySchemaName(`bench_${service}`);
    schemas.push(schema);
    return { databaseSchema: schema };
  };
  const accessToken = { current: undefined as AccessTokenKeeper | undefined };
  const serviceToken = { current: undefined as AccessTokenKeeper | undefined };
  const stop = async () => {
    accessToken.current?.stop();
    serviceToken.current?.stop();
    for (const service of started.reverse()) await service.close().catch(() => undefined);
    await vhost?.drop().catch(() => undefined);
    if (databaseUrl !== undefined) await dropSchemas(databaseUrl, schemas).catch(() => undefined);
  };

  try {
    // A vhost of the bench's own: it never competes with a running `pnpm start` stack for `inventory.rpc`
    // and never leaves commands or notification jobs in the user's queues.
    vhost = await throwawayVhost('bench', context.endpoints.rabbitmqUrl);
    const kafka = await context.endpoints.kafka();
    await createCommlabTopics(kafka.brokers, context.runId, log);
    const common: Record<string, string> = {
      COMMLAB_ENV: 'development',
      // No per-request access logs (or any other log lines) in the bench: logging on the hot path is a
      // cost of its own (formatting, writing to stdout) that we don't want mixed into the transports'.
      LOG_LEVEL: 'silent',
      RABBITMQ_URL: vhost.url,
      REDIS_URL: context.endpoints.redisUrl,
      KAFKA_BROKERS: kafka.brokers.join(','),
      ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    };

    const authConfig = loadConfig(authConfigSchema, {
      ...common,
      AUTH_HTTP_PORT: '0',
      AUTH_GRPC_PORT: String(await freePort()),
    });
    const auth = await startAuthService(authConfig, store('auth'));
    started.push(auth);

    const inventory = await startInventoryService(
      loadConfig(inventoryConfigSchema, {
        ...common,
        SEED_DEMO_DATA: 'false',
        INVENTORY_HTTP_PORT: '0',
        INVENTORY_GRPC_PORT: String(await freePort()),
        INVENTORY_DATA_DIR: IN_MEMORY_DATA_DIR,
        // Service tokens (reservations, stock adjustments) are verified against this auth's keys.
        AUTH_HTTP_URL: auth.httpUrl,
      }),
      // Its store: PGlite in memory (INVENTORY_DATA_DIR) unless DATABASE_URL gives it a schema.
      { seedItems: BENCH_CATALOG, ...(databaseUrl === undefined ? {} : store('inventory')) },
    );
    started.push(inventory);

    const webhookSecret = generateWebhookSecret();
    const orderConfig = loadConfig(orderConfigSchema, {
      ...common,
      ORDER_HTTP_PORT: '0',
      AUTH_GRPC_URL: auth.grpcUrl,
      AUTH_HTTP_URL: auth.httpUrl,
      INVENTORY_GRPC_URL: inventory.grpcUrl,
      INVENTORY_HTTP_URL: inventory.httpUrl,
      WEBHOOK_SIGNING_SECRET: webhookSecret,
    });
    const order = await startOrderService(orderConfig, store('order'));
    started.push(order);

    const servers = serverProcesses(
      brokerServers({
        rabbitmq: context.endpoints.rabbitmqUrl,
        redis: context.endpoints.redisUrl,
        postgres: databaseUrl,
      }),
    );
    accessToken.current = new AccessTokenKeeper(
      () => login(auth.httpUrl, DEMO_USER.email, DEMO_USER.password),
      log,
    );
    serviceToken.current = new AccessTokenKeeper(() => clientCredentials(auth.httpUrl, 'stock:reserve'), log);
    return {
      target: 'in-process',
      auth: { httpUrl: auth.httpUrl, grpcUrl: auth.grpcUrl },
      inventory: { httpUrl: inventory.httpUrl, grpcUrl: inventory.grpcUrl },
      order: { httpUrl: order.httpUrl },
      rabbitmqUrl: vhost.url,
      kafka,
      where: {
        services: `commlab services (NestJS, ${
          databaseUrl === undefined ? 'PGlite in memory' : 'PostgreSQL'
        }) in the bench process`,
        rabbitmq: 'RabbitMQ external (own vhost)',
        kafka: kafka.where,
      },
      jwt: { issuer: authConfig.AUTH_JWT_ISSUER, audience: authConfig.AUTH_JWT_AUDIENCE },
      downstreamTimeoutMs: orderConfig.DOWNSTREAM_TIMEOUT_MS,
      jwksCacheMs: orderConfig.JWKS_CACHE_MS,
      webhookSecret,
      traceStore: {
        none: 'the services run in the bench process (--target in-process), which traces nothing',
      },
      accessToken: accessToken.current,
      serviceToken: serviceToken.current,
      checkStock: () =>
        ensureBenchStock(
          inventory.httpUrl,
          async () => (await clientCredentials(auth.httpUrl, 'stock:adjust')).accessToken,
          log,
        ),
      // The services share the bench's process with kafka-lite and the load generator: its CPU is all of theirs.
      processes: () => [
        { pid: process.pid, name: 'bench process (services, kafka-lite, load generator)' },
        ...servers.processes(),
      ],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
