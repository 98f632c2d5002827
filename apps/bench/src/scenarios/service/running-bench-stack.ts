import { PORTS } from '@commlab/contracts';

import type { TraceStoreAt } from '../../hops/placed-orders';
import type { WatchedProcess } from '../../processes/cpu-accounting';
import { brokerServers, serverProcesses } from '../../processes/watched-processes';
import type { ScenarioContext } from '../../scenario';
import { AccessTokenKeeper } from './access-token-keeper';
import type { BenchStack } from './bench-stack';
import { DEMO_USER } from './demo-user';
import { clientCredentials, login } from './login';
import { ORDER_SERVICE_DEFAULTS } from './order-service-settings';
import { ensureBenchStock } from './stock-check';

const HOST = '127.0.0.1';

/** Where a stack's services listen and what the bench knows of it (see BenchStack). */
export interface StackAt {
  target: BenchStack['target'];
  authHttpUrl: string;
  authGrpcUrl: string;
  inventoryHttpUrl: string;
  inventoryGrpcUrl: string;
  orderHttpUrl: string;
  rabbitmqUrl: string;
  kafka: BenchStack['kafka'];
  where: BenchStack['where'];
  webhookSecret: string | undefined;
  traceStore: TraceStoreAt;
  /** Log SKU top-ups (a running stack: yes; one the bench started, whose top-up is expected: no). */
  logTopUps: boolean;
  processes(): WatchedProcess[];
  stop(): Promise<void>;
}

/**
 * A BenchStack on services that run in processes of their own (a running stack, or the one the bench
 * starts): the demo user's and the bench's service tokens from its auth-service, its SKUs topped up
 * through the stock-adjustment API when they hold too few units for a run (ensureBenchStock), and the
 * settings the scenarios copy from order-service (deadline, JWT issuer/audience, JWKS cache) its defaults,
 * as `pnpm start` and compose run it.
 */
export function benchStackAt(context: ScenarioContext, at: StackAt): BenchStack {
  const log = (line: string) => {
    context.log(line);
  };
  const order = ORDER_SERVICE_DEFAULTS;
  const accessToken = new AccessTokenKeeper(
    () => login(at.authHttpUrl, DEMO_USER.email, DEMO_USER.password),
    log,
  );
  const serviceToken = new AccessTokenKeeper(() => clientCredentials(at.authHttpUrl, 'stock:reserve'), log);
  return {
    target: at.target,
    auth: { httpUrl: at.authHttpUrl, grpcUrl: at.authGrpcUrl },
    inventory: { httpUrl: at.inventoryHttpUrl, grpcUrl: at.inventoryGrpcUrl },
    order: { httpUrl: at.orderHttpUrl },
    rabbitmqUrl: at.rabbitmqUrl,
    kafka: at.kafka,
    where: at.where,
    jwt: { issuer: order.AUTH_JWT_ISSUER, audience: order.AUTH_JWT_AUDIENCE },
    downstreamTimeoutMs: order.DOWNSTREAM_TIMEOUT_MS,
    jwksCacheMs: order.JWKS_CACHE_MS,
    webhookSecret: at.webhookSecret,
    traceStore: at.traceStore,
    accessToken,
    serviceToken,
    checkStock: () =>
      ensureBenchStock(
        at.inventoryHttpUrl,
        async () => (await clientCredentials(at.authHttpUrl, 'stock:adjust')).accessToken,
        at.logTopUps ? log : () => undefined,
      ),
    processes: () => at.processes(),
    stop: async () => {
      accessToken.stop();
      serviceToken.stop();
      await at.stop();
    },
  };
}

/**
 * `--target stack` (or `compose`): a running stack — `pnpm start` or `docker compose up` — at commlab's
 * ports and brokers (RABBITMQ_URL, KAFKA_BROKERS). Nothing is started or stopped. Its processes, for the
 * CPU per operation, are the owners of the services' and the broker's ports (found when they run on this
 * machine under a user whose processes the bench may read). No webhook secret: the order container cannot
 * call a listener on the host (its SSRF guard refuses loopback and private addresses outside development).
 */
export async function runningBenchStack(context: ScenarioContext): Promise<BenchStack> {
  const kafka = await context.endpoints.kafka();
  const local = (port: number) => `http://${HOST}:${String(port)}`;
  const [broker] = kafka.brokers;
  const watched = serverProcesses([
    { name: 'auth-service', url: local(PORTS.auth.http), defaultPort: 0 },
    { name: 'inventory-service', url: local(PORTS.inventory.http), defaultPort: 0 },
    { name: 'order-service', url: local(PORTS.order.http), defaultPort: 0 },
    { name: 'notification-service', url: local(PORTS.notification.http), defaultPort: 0 },
    { name: 'reporting-service', url: local(PORTS.reporting.http), defaultPort: 0 },
    ...(broker === undefined ? [] : [{ name: 'kafka broker', url: `kafka://${broker}`, defaultPort: 9092 }]),
    ...brokerServers({
      rabbitmq: context.endpoints.rabbitmqUrl,
      redis: context.endpoints.redisUrl,
      postgres: context.endpoints.databaseUrl,
    }),
  ]);
  return benchStackAt(context, {
    target: 'stack',
    authHttpUrl: local(PORTS.auth.http),
    authGrpcUrl: `${HOST}:${PORTS.auth.grpc}`,
    inventoryHttpUrl: local(PORTS.inventory.http),
    inventoryGrpcUrl: `${HOST}:${PORTS.inventory.grpc}`,
    orderHttpUrl: local(PORTS.order.http),
    rabbitmqUrl: context.endpoints.rabbitmqUrl,
    kafka,
    where: {
      services: 'commlab services of the running stack (pnpm start or docker compose)',
      rabbitmq: 'RabbitMQ of the running stack',
      kafka: kafka.where,
    },
    webhookSecret: undefined,
    // `pnpm start`'s trace store, if it runs (compose exports to Jaeger instead: the hop bars say so).
    traceStore: { url: local(PORTS.otlpHttp) },
    logTopUps: true,
    processes: () => watched.processes(),
    stop: () => Promise.resolve(),
  });
}
