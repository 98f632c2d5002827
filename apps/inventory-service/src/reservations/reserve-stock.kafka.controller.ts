import { KAFKA_TOPICS } from '@commlab/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';

import { answerReserveStockRpc, type ReserveStockRpcReply } from './reserve-stock.rpc-request';
import { ReserveStock } from './reserve-stock.use-case';

/**
 * Kafka request-reply twin of ReserveStock: NestJS's Kafka server reads `inventory.reserve-stock` and
 * sends the return value (or the error, as an RpcErrorPayload) to the request's reply topic and
 * partition. Validation and mapping only; the use case does the work.
 */
@Controller()
export class ReserveStockKafkaController {
  constructor(private readonly reserveStock: ReserveStock) {}

  @MessagePattern(KAFKA_TOPICS.inventoryReserveStock, Transport.KAFKA)
  reserve(@Payload() value: unknown): Promise<ReserveStockRpcReply> {
    return answerReserveStockRpc(this.reserveStock, value);
  }
}
