import type { ReserveStockResponse } from '@commlab/contracts';
import { Controller, type INestMicroservice, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type KafkaOptions, MessagePattern, Payload, Transport } from '@nestjs/microservices';

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

/**
 * Starts `benchKafkaModule(requestTopic)` as a NestJS `Transport.KAFKA` microservice (ServerKafka) with
 * `options`, without logging; resolves once its consumer runs (it may still be joining its group).
 */
export async function startNestKafkaServer(
  requestTopic: string,
  options: Required<KafkaOptions>['options'],
): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice(benchKafkaModule(requestTopic), {
    transport: Transport.KAFKA,
    options,
    logger: false,
  });
  try {
    await app.listen();
    return app;
  } catch (error) {
    await app.close();
    throw error;
  }
}
