import { KAFKA_TOPICS } from '@commlab/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';

import type { Reservation } from './reservation.types';
import { parseReserveStockMessage, requestExpired } from './reserve-stock.kafka-message';
import { ReserveStockService } from './reserve-stock.service';

/**
 * Kafka request-reply twin of ReserveStock: NestJS's Kafka server reads `inventory.reserve-stock` and
 * sends the return value (or the error, as an RpcErrorPayload) to the request's reply topic and
 * partition. Validation and mapping only; the use case does the work.
 */
@Controller()
export class ReserveStockKafkaController {
  constructor(private readonly reserveStock: ReserveStockService) {}

  @MessagePattern(KAFKA_TOPICS.inventoryReserveStock, Transport.KAFKA)
  async reserve(@Payload() value: unknown): Promise<Omit<Reservation, 'orderId'>> {
    const message = parseReserveStockMessage(value);
    const expired = requestExpired(message, new Date());
    if (expired !== undefined) throw expired;
    const reservation = await this.reserveStock.reserve({
      reservationId: message.reservationId,
      orderId: message.orderId ?? message.reservationId,
      items: message.items,
    });
    const { reservationId, lines, totalCents, currency } = reservation;
    return { reservationId, lines, totalCents, currency };
  }
}
