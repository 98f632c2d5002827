import { KAFKA_TOPICS } from '@commlab/contracts';
import { Controller, UseGuards } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';

import { STOCK_RESERVE_SCOPE } from '../auth/service-access';
import { RequireScope, ServiceTokenGuard } from '../auth/service-token.guard';
import { answerReserveStockRpc, type ReserveStockRpcReply } from './reserve-stock.rpc-request';
import { ReserveStock } from './reserve-stock.use-case';

/**
 * Kafka request-reply twin of ReserveStock: NestJS's Kafka server reads `inventory.reserve-stock` and
 * sends the return value (or the error, as an RpcErrorPayload) to the request's reply topic and
 * partition. Validation and mapping only; the use case does the work. The record's `authorization` header
 * must carry a service token with stock:reserve (else the reply is the error, and nothing is reserved).
 */
@Controller()
export class ReserveStockKafkaController {
  constructor(private readonly reserveStock: ReserveStock) {}

  @MessagePattern(KAFKA_TOPICS.inventoryReserveStock, Transport.KAFKA)
  @UseGuards(ServiceTokenGuard)
  @RequireScope(STOCK_RESERVE_SCOPE)
  reserve(@Payload() value: unknown): Promise<ReserveStockRpcReply> {
    return answerReserveStockRpc(this.reserveStock, value, 'kafka');
  }
}
