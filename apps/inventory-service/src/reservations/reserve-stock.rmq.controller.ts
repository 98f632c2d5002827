import { RABBITMQ_RPC_PATTERNS } from '@commlab/contracts';
import { ackRmqMessage } from '@commlab/messaging-rabbitmq';
import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';

import { ServiceAccess, STOCK_RESERVE_SCOPE } from '../auth/service-access';
import { runAsServiceCaller } from '../auth/service-caller';
import { authorizationOfRmq } from '../auth/transport-authorization';
import { INVENTORY_RPC_TRANSPORT } from '../rabbitmq/inventory-rmq-transports';
import { answerReserveStockRpc, type ReserveStockRpcReply } from './reserve-stock.rpc-request';
import { ReserveStock } from './reserve-stock.use-case';

/**
 * RabbitMQ RPC twin of ReserveStock on `inventory.rpc`: NestJS's RMQ server sends the return value (or
 * the error, as an RpcErrorPayload) to the caller's reply-to queue. Manual acks: the request is acked
 * once it has been answered either way; a crash before that redelivers it, and a redelivery after the
 * caller's deadline is refused by its `expiresAt` (a repeat within it returns the same reservation).
 * The message's `authorization` header must carry a service token with stock:reserve (ServiceAccess,
 * checked here rather than in a guard so that a refused request is acked too).
 */
@Controller()
export class ReserveStockRmqController {
  constructor(
    private readonly reserveStock: ReserveStock,
    private readonly access: ServiceAccess,
  ) {}

  @MessagePattern(RABBITMQ_RPC_PATTERNS.reserveStock, INVENTORY_RPC_TRANSPORT)
  async reserve(@Payload() value: unknown, @Ctx() context: RmqContext): Promise<ReserveStockRpcReply> {
    try {
      const caller = await this.access.authorize(authorizationOfRmq(context), STOCK_RESERVE_SCOPE);
      return await runAsServiceCaller(caller.sub, () =>
        answerReserveStockRpc(this.reserveStock, value, 'rmq'),
      );
    } finally {
      ackRmqMessage(context);
    }
  }
}
