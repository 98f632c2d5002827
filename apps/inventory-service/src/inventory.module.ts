import { Module } from '@nestjs/common';

import { InventoryGrpcController } from './grpc/inventory.grpc.controller';
import { ReleaseStockService } from './reservations/release-stock.service';
import { ReservationRepository } from './reservations/reservation.repository';
import { ReservationsHttpController } from './reservations/reservations.http.controller';
import { ReserveStockCommandRmqController } from './reservations/reserve-stock-command.rmq.controller';
import { ReserveStockCommandService } from './reservations/reserve-stock-command.service';
import { ReserveStockKafkaController } from './reservations/reserve-stock.kafka.controller';
import { ReserveStockRmqController } from './reservations/reserve-stock.rmq.controller';
import { ReserveStockService } from './reservations/reserve-stock.service';
import { CheckStockService } from './stock/check-stock.service';
import { ListStockEventsService } from './stock/list-stock-events.service';
import { StockAsOfService } from './stock/stock-as-of.service';
import { StockHttpController } from './stock/stock.http.controller';
import { StockRepository } from './stock/stock.repository';

/** Stock and reservations: one use-case service per operation, thin controllers per transport. */
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
    CheckStockService,
    ListStockEventsService,
    StockAsOfService,
    ReserveStockService,
    ReserveStockCommandService,
    ReleaseStockService,
  ],
})
export class InventoryModule {}
