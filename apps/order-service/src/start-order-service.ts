import 'reflect-metadata';

import { kafkaConsumerSettings } from '@commlab/config';
import { KAFKA_CONSUMER_GROUPS } from '@commlab/contracts';
import { kafkaEventConsumerServer } from '@commlab/messaging-kafka';
import {
  createServiceApp,
  openServiceStore,
  type ServiceStoreOptions,
  startOnStore,
} from '@commlab/service-kit';

import type { HostLookup } from '@commlab/webhooks';

import type { OrderConfig } from './config/order.config';
import { orderAppModule, SERVICE_NAME } from './order-app.module';
import { ORDER_MIGRATIONS } from './store/order.migrations';

export interface RunningOrderService {
  httpUrl: string;
  /** Stops HTTP and the consumer (in-flight requests finish), then closes the store. */
  close(): Promise<void>;
}

export interface StartOrderServiceOptions extends ServiceStoreOptions {
  /**
   * How the SSRF guard resolves callback host names (default: the OS resolver). Tests inject a fake one:
   * they never resolve a name.
   */
  callbackLookup?: HostLookup;
}

/**
 * Opens the store (running migrations), then starts the HTTP API and the consumer of inventory's answers
 * (Kafka `inventory`, group `order`, connected in the background) that completes async orders.
 */
export async function startOrderService(
  config: OrderConfig,
  options: StartOrderServiceOptions = {},
): Promise<RunningOrderService> {
  const database = await openServiceStore(
    {
      service: SERVICE_NAME,
      migrations: ORDER_MIGRATIONS,
      databaseUrl: config.DATABASE_URL,
      dataDir: config.ORDER_DATA_DIR,
      pgliteThread: config.PGLITE_THREAD,
    },
    options,
  );
  return startOnStore(database, async () => {
    const service = await createServiceApp({
      module: orderAppModule({
        config,
        database,
        ...(options.callbackLookup === undefined ? {} : { callbackLookup: options.callbackLookup }),
      }),
      service: SERVICE_NAME,
      description:
        'Orders. POST /orders verifies the bearer token with auth-service and reserves stock with inventory-service, synchronously, over gRPC (default), REST or Kafka request-reply.',
      http: { host: config.BIND_HOST, port: config.ORDER_HTTP_PORT },
      microservices: [
        {
          strategy: kafkaEventConsumerServer({
            brokers: config.KAFKA_BROKERS,
            clientId: `${SERVICE_NAME}-events`,
            groupId: KAFKA_CONSUMER_GROUPS.order,
            timings: kafkaConsumerSettings(config),
          }),
        },
      ],
    });
    return { httpUrl: service.httpUrl, close: () => service.close() };
  });
}
