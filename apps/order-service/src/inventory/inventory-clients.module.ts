import { GRPC_LOADER_OPTIONS, INVENTORY_GRPC_PACKAGE, INVENTORY_PROTO_PATH } from '@commlab/contracts';
import { type DynamicModule, Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';

import type { OrderConfig } from '../config/order.config';
import { GrpcStockReserver, INVENTORY_GRPC_CLIENT } from './grpc-stock-reserver';
import { inventoryKafkaClient } from './inventory-kafka-client';
import { KafkaStockReserver } from './kafka-stock-reserver';
import { RestStockReserver } from './rest-stock-reserver';
import { STOCK_RESERVERS } from './stock-reserver';

/**
 * order → inventory, one client and one `StockReserver` per transport, exported together as
 * STOCK_RESERVERS (the use case picks one by `?transport=`). Clients connect lazily: none blocks boot.
 */
@Module({})
export class InventoryClientsModule {
  static forRoot(config: OrderConfig): DynamicModule {
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
        GrpcStockReserver,
        RestStockReserver,
        KafkaStockReserver,
        {
          provide: STOCK_RESERVERS,
          inject: [GrpcStockReserver, RestStockReserver, KafkaStockReserver],
          useFactory: (...reservers: unknown[]) => reservers,
        },
      ],
      exports: [STOCK_RESERVERS],
    };
  }
}
