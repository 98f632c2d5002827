import { Module } from '@nestjs/common';

import { InventoryGrpcController } from './grpc/inventory.grpc.controller';
import { ReleaseStock } from './reservations/release-stock.use-case';
import { ReservationRepository } from './reservations/reservation.repository';
import { ReservationsHttpController } from './reservations/reservations.http.controller';
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

/** Stock and reservations: one use case per operation, thin controllers per transport. */
@Module({
  controllers: [
    StockHttpController,
    ReservationsHttpController,
    InventoryGrpcController,
    ReserveStockKafkaController,
    ReserveStockRmqController,
    ReserveStockCommandRmqController,
  ],
  providers: [
    StockRepository,
    ReservationRepository,
    CheckStock,
    ListStockEvents,
    GetStockAsOf,
    ReserveStock,
    HandleReserveStockCommand,
    ReleaseStock,
  ],
})
export class InventoryModule {}
