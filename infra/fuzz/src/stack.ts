import { authConfigSchema, type RunningAuthService, startAuthService } from '@commlab/auth-service';
import { loadConfig } from '@commlab/config';
import { kafkaTopicLayout } from '@commlab/contracts';
import {
  inventoryConfigSchema,
  type RunningInventoryService,
  startInventoryService,
} from '@commlab/inventory-service';
import { type KafkaLite, startKafkaLite } from '@commlab/kafka-lite';
import {
  notificationConfigSchema,
  type RunningNotificationService,
  startNotificationService,
} from '@commlab/notification-service';
import { orderConfigSchema, type RunningOrderService, startOrderService } from '@commlab/order-service';
import {
  reportingConfigSchema,
  type RunningReportingService,
  startReportingService,
} from '@commlab/reporting-service';
import {
  freePort,
  requireRabbitMq,
  requireRedis,
  type ThrowawayVhost,
  throwawayVhost,
} from '@commlab/testing';

import { FUZZ_SERVICE_CLIENT } from './tokens';

/** The five services, kafka-lite and the RabbitMQ vhost the fuzzer drives. */
export interface FuzzStack {
  auth: RunningAuthService;
  inventory: RunningInventoryService;
  order: RunningOrderService;
  notification: RunningNotificationService;
  reporting: RunningReportingService;
  kafka: KafkaLite;
  rabbitmqUrl: string;
  /** Each service's HTTP base URL, by service name. */
  httpUrls: Record<string, string>;
  /** Stops the services (their consumers first), then kafka-lite, then drops the vhost. */
  closeServices(): Promise<void>;
  stop(): Promise<void>;
}

/** Short consumer retries (loadConfig reads only a schema's own variables),  so a message the fuzzer sends ends (done or dead-lettered) within the run. */
const FAST_RETRIES: Record<string, string> = {
  KAFKA_CONSUMER_MAX_WAIT_MS: '50',
  KAFKA_SESSION_TIMEOUT_MS: '6000',
  KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
  KAFKA_CONSUMER_MAX_ATTEMPTS: '2',
  KAFKA_CONSUMER_RETRY_BASE_MS: '10',
  KAFKA_CONSUMER_RETRY_MAX_MS: '50',
  NOTIFICATION_MAX_ATTEMPTS: '2',
  NOTIFICATION_RETRY_BASE_MS: '20',
  NOTIFICATION_RETRY_MAX_MS: '50',
};

/**
 * The five services in this process, as the e2e tests start them: free ports, in-memory PGlite stores,
 * an own RabbitMQ vhost, kafka-lite on a free port, Redis (the live feed). Demo users and catalog are
 * seeded (COMMLAB_ENV=development), so valid-looking requests reach deep code paths.
 */
export async function startFuzzStack(): Promise<FuzzStack> {
  await requireRabbitMq();
  const redisUrl = await requireRedis();
  const closers: { name: string; close(): Promise<void> }[] = [];
  let vhost: ThrowawayVhost | undefined;
  let kafkaLite: KafkaLite | undefined;
  const closeServices = async () => {
    for (const service of closers.splice(0).reverse()) await service.close().catch(() => undefined);
  };
  const stop = async () => {
    await closeServices();
    await kafkaLite?.close().catch(() => undefined);
    await vhost?.drop().catch(() => undefined);
  };
  try {
    vhost = await throwawayVhost('fuzz');
    const kafka = await startKafkaLite({
      port: 0,
      logLevel: 'silent',
      topics: kafkaTopicLayout(),
      groupInitialRebalanceDelayMs: 0,
    });
    kafkaLite = kafka;
    const common: Record<string, string> = {
      COMMLAB_ENV: 'development',
      LOG_LEVEL: 'silent',
      BIND_HOST: '127.0.0.1',
      RABBITMQ_URL: vhost.url,
      KAFKA_BROKERS: kafka.bootstrap,
      REDIS_URL: redisUrl,
      ...FAST_RETRIES,
    };
    const authPorts = { http: await freePort(), grpc: await freePort() };
    // Every service that checks tokens reaches this auth-service (never the default port's).
    common.AUTH_HTTP_URL = `http://127.0.0.1:${String(authPorts.http)}`;
    common.AUTH_GRPC_URL = `127.0.0.1:${String(authPorts.grpc)}`;
    const auth = await startAuthService(
      loadConfig(authConfigSchema, {
        ...common,
        AUTH_HTTP_PORT: String(authPorts.http),
        AUTH_GRPC_PORT: String(authPorts.grpc),
        AUTH_CLIENTS: JSON.stringify([FUZZ_SERVICE_CLIENT]),
      }),
      { inMemoryStore: true },
    );
    closers.push({ name: 'auth-service', close: () => auth.close() });
    const inventory = await startInventoryService(
      loadConfig(inventoryConfigSchema, {
        ...common,
        INVENTORY_HTTP_PORT: '0',
        INVENTORY_GRPC_PORT: String(await freePort()),
        INVENTORY_DATA_DIR: 'memory://',
      }),
    );
    closers.push({ name: 'inventory-service', close: () => inventory.close() });
    const order = await startOrderService(
      loadConfig(orderConfigSchema, {
        ...common,
        ORDER_HTTP_PORT: '0',
        INVENTORY_GRPC_URL: inventory.grpcUrl,
        INVENTORY_HTTP_URL: inventory.httpUrl,
        DOWNSTREAM_TIMEOUT_MS: '1000',
        // order-service fetches its own service token for inventory: from this auth's only client.
        ORDER_CLIENT_ID: FUZZ_SERVICE_CLIENT.id,
        ORDER_CLIENT_SECRET: FUZZ_SERVICE_CLIENT.secret,
      }),
      { inMemoryStore: true },
    );
    closers.push({ name: 'order-service', close: () => order.close() });
    const notification = await startNotificationService(
      loadConfig(notificationConfigSchema, {
        ...common,
        NOTIFICATION_HTTP_PORT: '0',
        NOTIFICATION_DATA_DIR: 'memory://',
      }),
      { inMemoryStore: true },
    );
    closers.push({ name: 'notification-service', close: () => notification.close() });
    const reporting = await startReportingService(
      loadConfig(reportingConfigSchema, {
        ...common,
        REPORTING_HTTP_PORT: '0',
        REPORTING_DATA_DIR: 'memory://',
      }),
      { inMemoryStore: true },
    );
    closers.push({ name: 'reporting-service', close: () => reporting.close() });
    return {
      auth,
      inventory,
      order,
      notification,
      reporting,
      kafka,
      rabbitmqUrl: vhost.url,
      httpUrls: {
        'auth-service': auth.httpUrl,
        'inventory-service': inventory.httpUrl,
        'order-service': order.httpUrl,
        'notification-service': notification.httpUrl,
        'reporting-service': reporting.httpUrl,
      },
      closeServices,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
