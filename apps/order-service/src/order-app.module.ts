import { LiveFeed } from '@commlab/messaging-redis';
import {
  AUTH_GRPC_PACKAGE,
  AUTH_PROTO_PATH,
  GRPC_LOADER_OPTIONS,
  KAFKA_CONSUMER_GROUPS,
} from '@commlab/contracts';
import { kafkaConsumerSettings } from '@commlab/config';
import { KafkaOutboxPublisher } from '@commlab/messaging-kafka';
import { LiveFeedModule, OutboxModule } from '@commlab/messaging-nest';
import { RabbitMqOutboxPublisher } from '@commlab/messaging-rabbitmq';
import { RoutingOutboxPublisher } from '@commlab/messaging';
import { webhookSettings } from '@commlab/webhooks';
import type { Database } from '@commlab/persistence';
import { type DependencyCheck, ServiceKitModule } from '@commlab/service-kit';
import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';

import { AuthenticateCaller } from './auth/authenticate-caller';
import { AUTH_GRPC_CLIENT, GrpcTokenVerifier } from './auth/grpc-token-verifier';
import { JwksTokenVerifier } from './auth/jwks-token-verifier';
import { TOKEN_VERIFIERS } from './auth/principal';
import { RestTokenVerifier } from './auth/rest-token-verifier';
import { ORDER_CONFIG } from './config/order-config.provider';
import type { OrderConfig } from './config/order.config';
import { ORDER_DATABASE } from './database/order-database.provider';
import { InventoryClientsModule } from './inventory/inventory-clients.module';
import { OrderRepository } from './orders/order.repository';
import { OrdersHttpController } from './orders/orders.http.controller';
import { CompleteAsyncOrder } from './orders/complete-async-order.use-case';
import {
  INVENTORY_EVENTS_POLICY,
  InventoryEventsKafkaController,
} from './orders/inventory-events.kafka.controller';
import { CALLBACK_URL_POLICY, PlaceAsyncOrder } from './orders/place-async-order.use-case';
import { PlaceOrder } from './orders/place-order.use-case';
import { WebhookDeliveryRepository } from './webhooks/webhook-delivery.repository';
import { WEBHOOK_SETTINGS, WebhookDispatcher } from './webhooks/webhook-dispatcher';

/** Closes the store when Nest shuts down (SIGTERM, app.close()). */
class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(ORDER_DATABASE) private readonly db: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}

@Module({})
export class OrderAppModule {
  static forRoot(config: OrderConfig, db: Database): DynamicModule {
    const infrastructure = {
      module: OrderAppModule,
      global: true,
      providers: [
        { provide: ORDER_CONFIG, useValue: config },
        { provide: ORDER_DATABASE, useValue: db },
      ],
      exports: [ORDER_CONFIG, ORDER_DATABASE],
    };
    // One RabbitMQ publisher for the exchange (pub/sub) and the queues (commands, notification jobs).
    const rabbitPublisher = new RabbitMqOutboxPublisher({
      url: config.RABBITMQ_URL,
      publishTimeoutMs: 10_000,
    });
    const rabbit = { rabbitmq: rabbitPublisher, 'rabbitmq-queue': rabbitPublisher };
    const consumer = kafkaConsumerSettings(config);
    const webhooks = webhookSettings(config);
    return {
      module: OrderAppModule,
      // Config and store are injectable in the feature modules it imports (InventoryClientsModule, …).
      global: true,
      exports: infrastructure.exports,
      imports: [
        ServiceKitModule.forRoot({
          service: 'order-service',
          logLevel: config.LOG_LEVEL,
          dependencyChecks: {
            useFactory: (): DependencyCheck[] => [{ name: 'database', check: () => db.ping() }],
          },
        }),
        // Transactional outbox → Kafka. The producer connects lazily in the relay's loop, so a missing
        // broker never blocks startup or a request: rows stay PENDING and the relay retries with backoff.
        OutboxModule.forRoot({
          useFactory: () => ({
            db,
            publisher: new RoutingOutboxPublisher({
              kafka: new KafkaOutboxPublisher({
                brokers: config.KAFKA_BROKERS,
                clientId: 'order-service-outbox',
                publishTimeoutMs: 10_000,
              }),
              ...rabbit,
            }),
            leaseMs: 30_000,
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
        InventoryClientsModule.forRoot(config),
        // One line per order event on Redis Pub/Sub `commlab.live` (fire-and-forget).
        LiveFeedModule.forRoot(() => new LiveFeed({ url: config.REDIS_URL, service: 'order-service' })),
      ],
      controllers: [OrdersHttpController, InventoryEventsKafkaController],
      providers: [
        ...infrastructure.providers,
        DatabaseCloser,
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
        { provide: CALLBACK_URL_POLICY, useValue: webhooks.policy },
        { provide: WEBHOOK_SETTINGS, useValue: webhooks },
        WebhookDeliveryRepository,
        WebhookDispatcher,
        {
          provide: INVENTORY_EVENTS_POLICY,
          useValue: { consumerGroup: KAFKA_CONSUMER_GROUPS.order, retry: consumer.retry },
        },
      ],
    };
  }
}
