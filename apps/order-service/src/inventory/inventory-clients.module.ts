import { GRPC_LOADER_OPTIONS, INVENTORY_GRPC_PACKAGE, INVENTORY_PROTO_PATH } from '@commlab/contracts';
import { type DynamicModule, Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';

import type { OrderConfig } from '../config/order.config';
import { GrpcStockReserver, INVENTORY_GRPC_CLIENT } from './grpc-stock-reserver';
import type { ServiceTokenSource } from '@commlab/access-tokens';
import { INVENTORY_ACCESS_TOKEN } from './inventory-access-token';
import { inventoryKafkaClient } from './inventory-kafka-client';
import { KafkaStockReserver } from './kafka-stock-reserver';
import { InventoryHttp } from './inventory-http';
import { InventoryReservations } from './inventory-reservations';
import { RestStockReserver } from './rest-stock-reserver';
import { INVENTORY_RMQ_CLIENT, inventoryRmqClient, RmqStockReserver } from './rmq-stock-reserver';
import { STOCK_RESERVERS } from './stock-reserver';

/**
 * order → inventory, one client and one `StockReserver` per transport, exported together as
 * STOCK_RESERVERS (the use case picks one by `?transport=`), and the reader of inventory's active
 * reservations (the reconciliation's). No client blocks boot: the RabbitMQ one connects in the background
 * at boot, the others on their first request.
 */
@Module({})
export class InventoryClientsModule {
  /** `tokens`: order's own service token for inventory (inventoryAccessToken), shared with the outbox relay. */
  static forRoot(config: OrderConfig, tokens: ServiceTokenSource): DynamicModule {
    return {
      module: InventoryClientsModule,
      imports: [
        ClientsModule.register([
          {
            name: INVENTORY_GRPC_CLIENT,
            transport: Transport.GRPC,
            options: {
              url: config.INVENTORY_GRPC_URL,
              package: INVENTORY_GRPC_PACKAGE,
              protoPath: INVENTORY_PROTO_PATH,
              loader: GRPC_LOADER_OPTIONS,
            },
          },
          // Kafka request-reply; connects on the first ?transport=kafka order, never at boot.
          inventoryKafkaClient(config),
        ]),
      ],
      providers: [
        // order's own service token (client credentials, stock:reserve), sent to inventory on every transport.
        { provide: INVENTORY_ACCESS_TOKEN, useValue: tokens },
        // RabbitMQ RPC; RmqStockReserver connects it in the background at boot.
        { provide: INVENTORY_RMQ_CLIENT, useFactory: () => inventoryRmqClient(config) },
        InventoryHttp,
        InventoryReservations,
        GrpcStockReserver,
        RestStockReserver,
        RmqStockReserver,
        KafkaStockReserver,
        {
          provide: STOCK_RESERVERS,
          inject: [GrpcStockReserver, RestStockReserver, RmqStockReserver, KafkaStockReserver],
          useFactory: (...reservers: unknown[]) => reservers,
        },
      ],
      exports: [STOCK_RESERVERS, InventoryReservations],
    };
  }
}
