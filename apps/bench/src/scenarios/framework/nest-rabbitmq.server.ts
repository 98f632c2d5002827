import type { ReserveStockResponse } from '@commlab/contracts';
import { ackRmqMessage, CommlabRmqServer } from '@commlab/messaging-rabbitmq';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';

import type { RunningServer, ServerKinds } from '../../servers/server-kinds';
import { REPLY_MESSAGE } from '../payload';
import { requestIdOf } from './reserve-stock-work';

/** The message pattern of the bench's RPC (NestJS routes on it); never one of commlab's patterns. */
export const BENCH_RMQ_PATTERN = 'bench.reserve-stock';

/**
 * The bench twin of inventory's ReserveStockRmqController, doing the raw RabbitMQ server's fixed work:
 * NestJS has parsed the packet; the handler takes the request's id and returns the fixed reservation,
 * which NestJS sends to the caller's reply-to. Manual ack as commlab does it: acked once answered.
 */
@Controller()
export class BenchReserveStockRmqController {
  @MessagePattern(BENCH_RMQ_PATTERN)
  reserve(@Payload() value: unknown, @Ctx() context: RmqContext): ReserveStockResponse {
    try {
      requestIdOf(value);
      return REPLY_MESSAGE;
    } finally {
      ackRmqMessage(context);
    }
  }
}

/** The whole RabbitMQ app of `rr.rabbitmq.nest`: the one controller. */
@Module({ controllers: [BenchReserveStockRmqController] })
export class BenchRmqModule {}

/**
 * amqp-connection-manager options as inventory's and order's RabbitMQ transports set them
 * (CommlabRmqServer/Client turn TCP_NODELAY on themselves).
 */
export const BENCH_RMQ_SOCKET_OPTIONS = { heartbeatIntervalInSeconds: 5, reconnectTimeInSeconds: 1 };

/**
 * Starts BenchRmqModule on commlab's RabbitMQ server (`CommlabRmqServer`, as inventory-service builds it:
 * manual acks, prefetch 20, commlab's topology declared on connect) consuming `queue`, which it declares
 * non-durable and auto-deleted (gone once the server stops consuming). Resolves once it consumes.
 */
export async function startNestRmqServer({
  url,
  queue,
}: ServerKinds['nest-rabbitmq']['params']): Promise<RunningServer<Record<string, never>>> {
  const strategy = new CommlabRmqServer({
    urls: [url],
    queue,
    socketOptions: BENCH_RMQ_SOCKET_OPTIONS,
    setup: async (channel) => {
      await channel.assertQueue(queue, { durable: false, autoDelete: true });
    },
  });
  const app = await NestFactory.createMicroservice(BenchRmqModule, { strategy, logger: false });
  try {
    await app.listen();
    return { ready: {}, close: () => app.close() };
  } catch (error) {
    await app.close();
    throw error;
  }
}
