import { KafkaOutboxPublisher } from '@commlab/messaging-kafka';
import { BookkeepingModule, CONSUMER_POLICY, LiveFeedModule, OutboxModule } from '@commlab/messaging-nest';
import { LiveFeed } from '@commlab/messaging-redis';
import { jwksVerifierOptions } from '@commlab/access-tokens';
import { bookkeepingSettings, kafkaConsumerSettings, rabbitMqConsumerSettings } from '@commlab/config';
import { RABBITMQ_QUEUES } from '@commlab/contracts';
import type { Database } from '@commlab/persistence';
import { ServiceKitModule } from '@commlab/service-kit';
import { Module, type Type } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';

import { AdjustStock } from './stock/adjust-stock.use-case';
import { RevertStockEvent } from './stock/revert-stock-event.use-case';
import { COMMAND_TOKEN_GRACE_SECONDS, JWKS_VERIFIER_OPTIONS, ServiceAccess } from './auth/service-access';
import { QueuedMessageAccess } from './auth/queued-message-access';
import { ServiceCallerInterceptor } from './auth/service-caller.interceptor';
import { ServiceTokenGuard } from './auth/service-token.guard';
import { INVENTORY_COMMANDS, type InventoryConfig } from './config/inventory.config';
import { InventoryGrpcController } from './grpc/inventory.grpc.controller';
import { ReleaseStock } from './reservations/release-stock.use-case';
import { OrderCancellationsRmqController } from './reservations/order-cancellations.rmq.controller';
import { ReleaseCancelledOrder } from './reservations/release-cancelled-order.use-case';
import { ReservationRepository } from './reservations/reservation.repository';
import { ReservationsHttpController } from './reservations/reservations.http.controller';
import { ListActiveReservations } from './reservations/list-active-reservations.use-case';
import { OrderEventsKafkaController, ORDER_EVENTS_RETRY } from './reservations/order-events.kafka.controller';
import { ReserveForAcceptedOrder } from './reservations/reserve-for-accepted-order.use-case';
import { ReserveStockCommandRmqController } from './reservations/reserve-stock-command.rmq.controller';
import { HandleReserveStockCommand } from './reservations/reserve-stock-command.use-case';
import { ReserveStockKafkaController } from './reservations/reserve-stock.kafka.controller';
import { ReserveStockRmqController } from './reservations/reserve-stock.rmq.controller';
import { ReserveStock } from './reservations/reserve-stock.use-case';
import { CheckStock } from './stock/check-stock.use-case';
import { ListStockEvents } from './stock/list-stock-events.use-case';
import { GetStockAsOf } from './stock/get-stock-as-of.use-case';
import { StockHttpController } from './stock/stock.http.controller';
import { StockRepository } from './stock/stock.repository';

export const SERVICE_NAME = 'inventory-service';

/** What the root module is built from: opened by startInventoryService before Nest starts. */
export interface InventoryAppDependencies {
  config: InventoryConfig;
  database: Database;
}

/**
 * The root module around an already-open store: platform (logs, errors, /health, the store), the
 * transactional outbox (stock events → Kafka topic `inventory`), the live feed (Redis `commlab.live`), the
 * failure policy of the `inventory.commands` consumer (the `inventory.order-cancellations` one shares it) and of the
 * Kafka `orders` consumer (choreographed orders), and stock and reservations: one use case per
 * operation, thin controllers per transport.
 */
export function inventoryAppModule({ config, database }: InventoryAppDependencies): Type {
  @Module({
    imports: [
      ServiceKitModule.forRoot({ service: SERVICE_NAME, logLevel: config.LOG_LEVEL, config, database }),
      // Sent outbox rows and inbox entries past their retention are pruned in the background.
      BookkeepingModule.forRoot({ db: database, ...bookkeepingSettings(config) }),
      // The producer connects lazily in the relay's loop, so a missing broker never blocks startup or a
      // request: rows stay PENDING and the relay retries.
      OutboxModule.forRoot({
        useFactory: () => ({
          db: database,
          publisher: new KafkaOutboxPublisher({
            brokers: config.KAFKA_BROKERS,
            clientId: `${SERVICE_NAME}-outbox`,
          }),
        }),
      }),
      LiveFeedModule.forRoot(() => new LiveFeed({ url: config.REDIS_URL, service: SERVICE_NAME })),
    ],
    controllers: [
      StockHttpController,
      ReservationsHttpController,
      InventoryGrpcController,
      ReserveStockKafkaController,
      ReserveStockRmqController,
      ReserveStockCommandRmqController,
      OrderCancellationsRmqController,
      OrderEventsKafkaController,
    ],
    providers: [
      StockRepository,
      ReservationRepository,
      CheckStock,
      ListStockEvents,
      GetStockAsOf,
      ReserveStock,
      HandleReserveStockCommand,
      ReserveForAcceptedOrder,
      ReleaseStock,
      ListActiveReservations,
      ReleaseCancelledOrder,
      AdjustStock,
      RevertStockEvent,
      ServiceAccess,
      QueuedMessageAccess,
      ServiceTokenGuard,
      { provide: APP_INTERCEPTOR, useClass: ServiceCallerInterceptor },
      { provide: JWKS_VERIFIER_OPTIONS, useValue: jwksVerifierOptions(config, 2_000) },
      {
        provide: COMMAND_TOKEN_GRACE_SECONDS,
        useValue: Math.ceil(config.INVENTORY_COMMANDS_TOKEN_GRACE_MS / 1000),
      },
      // The Kafka `orders` consumer (choreographed orders): KAFKA_CONSUMER_* like every Kafka consumer.
      { provide: ORDER_EVENTS_RETRY, useValue: kafkaConsumerSettings(config).retry },
      {
        provide: CONSUMER_POLICY,
        useValue: {
          consumerGroup: RABBITMQ_QUEUES.inventoryCommands,
          retry: rabbitMqConsumerSettings(config, INVENTORY_COMMANDS).retry,
        },
      },
    ],
  })
  class InventoryAppModule {}

  return InventoryAppModule;
}
