import { DEMO_USERS } from '@commlab/auth-service';
import { loadConfig } from '@commlab/config';
import { PORTS } from '@commlab/contracts';
import { orderConfigSchema } from '@commlab/order-service';

import type { ScenarioContext } from '../../scenario';
import { AccessTokenKeeper } from './access-token-keeper';
import type { BenchStack } from './bench-stack';
import { clientCredentials, login } from './login';
import { ensureBenchStock } from './stock-check';

const [DEMO_USER] = DEMO_USERS;
const HOST = '127.0.0.1';

/**
 * `--target stack` (or `compose`): a running stack — `pnpm start` or `docker compose up` — at commlab's
 * ports and brokers (RABBITMQ_URL, KAFKA_BROKERS). Its SKUs are topped up through the stock-adjustment API
 * when they hold too few units for a run (ensureBenchStock). Nothing is started or stopped; the settings the scenarios copy
 * from order-service (deadline, JWT issuer/audience, JWKS cache) are its defaults, as compose runs it.
 * No webhook secret: the order container cannot call a listener on the host (its SSRF guard refuses
 * loopback and private addresses outside development).
 */
export async function runningBenchStack(context: ScenarioContext): Promise<BenchStack> {
  const kafka = await context.endpoints.kafka();
  const order = loadConfig(orderConfigSchema, {});
  const authHttpUrl = `http://${HOST}:${PORTS.auth.http}`;
  const inventoryHttpUrl = `http://${HOST}:${PORTS.inventory.http}`;
  const accessToken = new AccessTokenKeeper(
    () => login(authHttpUrl, DEMO_USER.email, DEMO_USER.password),
    (line) => {
      context.log(line);
    },
  );
  const serviceToken = new AccessTokenKeeper(
    () => clientCredentials(authHttpUrl, 'stock:reserve'),
    (line) => {
      context.log(line);
    },
  );
  return {
    target: 'stack',
    auth: { httpUrl: authHttpUrl, grpcUrl: `${HOST}:${PORTS.auth.grpc}` },
    inventory: { httpUrl: inventoryHttpUrl, grpcUrl: `${HOST}:${PORTS.inventory.grpc}` },
    order: { httpUrl: `http://${HOST}:${PORTS.order.http}` },
    rabbitmqUrl: context.endpoints.rabbitmqUrl,
    kafka,
    where: {
      services: 'commlab services of the running stack (pnpm start or docker compose)',
      rabbitmq: 'RabbitMQ of the running stack',
      kafka: kafka.where,
    },
    jwt: { issuer: order.AUTH_JWT_ISSUER, audience: order.AUTH_JWT_AUDIENCE },
    downstreamTimeoutMs: order.DOWNSTREAM_TIMEOUT_MS,
    jwksCacheMs: order.JWKS_CACHE_MS,
    webhookSecret: undefined,
    accessToken,
    serviceToken,
    checkStock: () =>
      ensureBenchStock(
        inventoryHttpUrl,
        async () => (await clientCredentials(authHttpUrl, 'stock:adjust')).accessToken,
        (line) => {
          context.log(line);
        },
      ),
    stop: () => {
      accessToken.stop();
      serviceToken.stop();
      return Promise.resolve();
    },
  };
}
