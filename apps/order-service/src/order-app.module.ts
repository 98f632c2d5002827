import { LiveFeed } from '@commlab/messaging-redis';
import {
  AUTH_GRPC_PACKAGE,
  AUTH_PROTO_PATH,
  GRPC_LOADER_OPTIONS,
  KAFKA_CONSUMER_GROUPS,
} from '@commlab/contracts';
import { bookkeepingSettings, kafkaConsumerSettings } from '@commlab/config';
import { KafkaOutboxPublisher } from '@commlab/messaging-kafka';
import { BookkeepingModule, CONSUMER_POLICY, LiveFeedModule, OutboxModule } from '@commlab/messaging-nest';
import { RabbitMqOutboxPublisher } from '@commlab/messaging-rabbitmq';
import { RoutingOutboxPublisher } from '@commlab/messaging';
import { type HostLookup, webhookSettings } from '@commlab/webhooks';
import type { Database } from '@commlab/persistence';
import { ServiceKitModule } from '@commlab/service-kit';
import { Module, type Type } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';

import { AuthenticateCaller } from './auth/authenticate-caller';
import { AUTH_GRPC_CLIENT, GrpcTokenVerifier } from './auth/grpc-token-verifier';
import { JwksTokenVerifier } from './auth/jwks-token-verifier';
import { TOKEN_VERIFIERS } from './auth/principal';
import { RestTokenVerifier } from './auth/rest-token-verifier';
import type { OrderConfig } from './config/order.config';
import { IDEMPOTENCY_PRUNE_SETTINGS, IdempotencyKeyPruner } from './idempotency/idempotency-key.pruner';
import { IdempotencyKeyRepository } from './idempotency/idempotency-key.repository';
import { InventoryClientsModule } from './inventory/inventory-clients.module';
import {
  inventoryAccessToken,
  inventoryCommandHeaders,
  orderAcceptedHeaders,
} from './inventory/inventory-access-token';
import { OrderRepository } from './orders/order.repository';
import { OrdersHttpController } from './orders/orders.http.controller';
import { SyncOrderIds } from './orders/sync-order-ids';
import { CompleteAsyncOrder } from './orders/complete-async-order.use-case';
import { CancelOrder } from './orders/cancel-order.use-case';
import { InventoryEventsKafkaController } from './orders/inventory-events.kafka.controller';
import {
  CALLBACK_URL_POLICY,
  PENDING_TIMEOUT_MS,
  PlaceAsyncOrder,
} from './orders/place-async-order.use-case';
import { ExpirePendingOrders } from './orders/expire-pending-orders.use-case';
import { ORDER_EXPIRY_INTERVAL_MS, OrderExpiryJob } from './orders/order-expiry.job';
import { RECONCILE_GRACE_MS, ReconcileOrders } from './orders/reconcile-orders.use-case';
import { RECONCILE_INTERVAL_MS, ReconciliationJob } from './orders/reconciliation.job';
import { AdminHttpController } from './admin/admin.http.controller';
import { AdminTokenGuard } from './auth/admin-token.guard';
import { PlaceOrder } from './orders/place-order.use-case';
import { IDEMPOTENCY_SETTINGS, PlaceOrderIdempotently } from './orders/place-order-idempotently.use-case';
import { WebhookDeliveryRepository } from './webhooks/webhook-delivery.repository';
import { WEBHOOK_SETTINGS, WebhookDispatcher } from './webhooks/webhook-dispatcher';

export const SERVICE_NAME = 'order-service';

/** What the root module is built from: opened by startOrderService before Nest starts. */
export interface OrderAppDependencies {
  config: OrderConfig;
  database: Database;
  /** The SSRF guard's resolver of callback host names (default: the OS resolver). */
  callbackLookup?: HostLookup;
}

/**
 * The root module around an already-open store: platform (logs, errors, /health, config and store), the
 * transactional outbox (→ Kafka, the `commlab.events` exchange and the RabbitMQ queues), the clients of
 * auth and inventory, the live feed, the consumer of inventory's answers and the webhook dispatcher.
 */
export function orderAppModule({ config, database, callbackLookup }: OrderAppDependencies): Type {
  // order's own service token for inventory: its calls, its ReserveStock commands and its OrderAccepted
  // events (choreographed orders) carry it.
  const inventoryTokens = inventoryAccessToken(config);
  // One RabbitMQ publisher for the exchange (pub/sub) and the queues (commands, notification jobs).
  const rabbitPublisher = new RabbitMqOutboxPublisher({
    url: config.RABBITMQ_URL,
    headersFor: inventoryCommandHeaders(inventoryTokens),
  });
  const settings = webhookSettings(config);
  const webhooks =
    callbackLookup === undefined
      ? settings
      : { ...settings, policy: { ...settings.policy, lookup: callbackLookup } };

  @Module({
    imports: [
      ServiceKitModule.forRoot({ service: SERVICE_NAME, logLevel: config.LOG_LEVEL, config, database }),
      // Sent outbox rows and inbox entries past their retention are pruned in the background.
      BookkeepingModule.forRoot({ db: database, ...bookkeepingSettings(config) }),
      // The producers connect lazily in the relay's loop, so a missing broker never blocks startup or a
      // request: rows stay PENDING and the relay retries with backoff.
      OutboxModule.forRoot({
        useFactory: () => ({
          db: database,
          publisher: new RoutingOutboxPublisher({
            kafka: new KafkaOutboxPublisher({
              brokers: config.KAFKA_BROKERS,
              clientId: `${SERVICE_NAME}-outbox`,
              headersFor: orderAcceptedHeaders(inventoryTokens),
            }),
            rabbitmq: rabbitPublisher,
            'rabbitmq-queue': rabbitPublisher,
          }),
        }),
      }),
      ClientsModule.register([
        {
          name: AUTH_GRPC_CLIENT,
          transport: Transport.GRPC,
          options: {
            url: config.AUTH_GRPC_URL,
            package: AUTH_GRPC_PACKAGE,
            protoPath: AUTH_PROTO_PATH,
            loader: GRPC_LOADER_OPTIONS,
          },
        },
      ]),
      InventoryClientsModule.forRoot(config, inventoryTokens),
      LiveFeedModule.forRoot(() => new LiveFeed({ url: config.REDIS_URL, service: SERVICE_NAME })),
    ],
    controllers: [OrdersHttpController, InventoryEventsKafkaController, AdminHttpController],
    providers: [
      GrpcTokenVerifier,
      RestTokenVerifier,
      JwksTokenVerifier,
      {
        provide: TOKEN_VERIFIERS,
        inject: [GrpcTokenVerifier, RestTokenVerifier, JwksTokenVerifier],
        useFactory: (...verifiers: unknown[]) => verifiers,
      },
      AuthenticateCaller,
      OrderRepository,
      PlaceOrder,
      PlaceAsyncOrder,
      CompleteAsyncOrder,
      SyncOrderIds,
      CancelOrder,
      // Deadlines of async orders: the expiry job; the reconciliation with inventory's reservations.
      { provide: PENDING_TIMEOUT_MS, useValue: config.ORDER_PENDING_TIMEOUT_MS },
      ExpirePendingOrders,
      { provide: ORDER_EXPIRY_INTERVAL_MS, useValue: config.ORDER_EXPIRY_INTERVAL_MS },
      OrderExpiryJob,
      { provide: RECONCILE_GRACE_MS, useValue: config.RECONCILE_GRACE_MS },
      ReconcileOrders,
      { provide: RECONCILE_INTERVAL_MS, useValue: config.RECONCILE_INTERVAL_MS },
      ReconciliationJob,
      AdminTokenGuard,
      // Idempotency-Key on POST /orders: the keys, the use case around PlaceOrder/PlaceAsyncOrder, pruning.
      IdempotencyKeyRepository,
      PlaceOrderIdempotently,
      { provide: IDEMPOTENCY_SETTINGS, useValue: { ttlMs: config.IDEMPOTENCY_KEY_TTL_MS } },
      { provide: IDEMPOTENCY_PRUNE_SETTINGS, useValue: { intervalMs: config.BOOKKEEPING_PRUNE_INTERVAL_MS } },
      IdempotencyKeyPruner,
      { provide: CALLBACK_URL_POLICY, useValue: webhooks.policy },
      { provide: WEBHOOK_SETTINGS, useValue: webhooks },
      WebhookDeliveryRepository,
      WebhookDispatcher,
      {
        provide: CONSUMER_POLICY,
        useValue: { consumerGroup: KAFKA_CONSUMER_GROUPS.order, retry: kafkaConsumerSettings(config).retry },
      },
    ],
  })
  class OrderAppModule {}

  return OrderAppModule;
}
