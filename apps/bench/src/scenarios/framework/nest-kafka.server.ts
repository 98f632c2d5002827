import type { ReserveStockResponse } from '@commlab/contracts';
import { kafkaRequestServer } from '@commlab/messaging-kafka';
import { Controller, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';

import type { RunningServer, ServerKinds } from '../../servers/server-kinds';
import { REPLY_MESSAGE } from '../payload';
import { requestIdOf } from './reserve-stock-work';

/**
 * The Kafka app of `rr.kafka.nest` for one run's request topic: a controller whose `@MessagePattern` is
 * that topic (built here because the topic is only known at setup), doing the raw responder's fixed work:
 * NestJS has parsed the message value; the handler takes its id and returns the fixed reservation, which
 * NestJS produces to the request's reply topic and partition.
 */
export function benchKafkaModule(requestTopic: string): Type {
  @Controller()
  class BenchReserveStockKafkaController {
    @MessagePattern(requestTopic, Transport.KAFKA)
    reserve(@Payload() value: unknown): ReserveStockResponse {
      requestIdOf(value);
      return REPLY_MESSAGE;
    }
  }

  @Module({ controllers: [BenchReserveStockKafkaController] })
  class BenchKafkaModule {}

  return BenchKafkaModule;
}

/** How long the server waits for its consumer to join the group before it reports itself ready. */
const JOIN_TIMEOUT_MS = 30_000;

/**
 * Starts `benchKafkaModule(requestTopic)` on commlab's Kafka request server (`kafkaRequestServer`:
 * NestJS's ServerKafka extended, with inventory's ReserveStock settings, reserve-stock.kafka-server.ts)
 * and the bench's consumer timings, without logging; resolves once its consumer has joined its group.
 */
export async function startNestKafkaServer(
  params: ServerKinds['nest-kafka']['params'],
): Promise<RunningServer<Record<string, never>>> {
  const strategy = kafkaRequestServer({
    brokers: params.brokers,
    clientId: params.clientId,
    groupId: params.groupId,
    timings: {
      sessionTimeout: 10_000,
      // kafkajs heartbeats between fetches once this has elapsed: an extra round trip now and then.
      heartbeatInterval: 1_000,
      // An idle fetch parks at the broker up to this long; a request arriving meanwhile ends it early.
      maxWaitTimeInMs: 100,
    },
  });
  const app = await NestFactory.createMicroservice(benchKafkaModule(params.requestTopic), {
    strategy,
    logger: false,
  });
  try {
    await app.listen();
    await strategy.waitForJoin(JOIN_TIMEOUT_MS).catch((error: unknown) => {
      // The server retries in the background and logs nothing here: say why it is not running.
      const { lastError } = strategy.consumerState();
      const last = lastError === undefined ? '' : ` (last: ${lastError})`;
      throw new Error(`${(error as Error).message}${last}`, { cause: error });
    });
    return { ready: {}, close: () => app.close() };
  } catch (error) {
    await app.close();
    throw error;
  }
}
