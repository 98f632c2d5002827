import type { ReserveStockResponse } from '@commlab/contracts';
import { Controller, type INestMicroservice, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';

import type { RunningServer, ServerIo, ServerKinds } from '../../servers/server-kinds';
import { REPLY_MESSAGE } from '../payload';
import { nestKafkaClientOptions } from './nest-kafka-client-options';
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
 * Starts `benchKafkaModule(requestTopic)` as a NestJS `Transport.KAFKA` microservice (ServerKafka) set up
 * as inventory's ReserveStock server (reserve-stock.kafka-server.ts), without logging; resolves once its
 * consumer runs (it may still be joining its group: the bench's first call waits for it).
 */
export async function startNestKafkaServer(
  params: ServerKinds['nest-kafka']['params'],
  io: ServerIo,
): Promise<RunningServer<Record<string, never>>> {
  const app: INestMicroservice = await NestFactory.createMicroservice(benchKafkaModule(params.requestTopic), {
    transport: Transport.KAFKA,
    options: {
      postfixId: '', // the group is named exactly as given (NestJS would append `-server`)
      client: nestKafkaClientOptions(params.brokers, params.clientId, io.log),
      consumer: {
        groupId: params.groupId,
        sessionTimeout: 10_000,
        // kafkajs heartbeats between fetches once this has elapsed: an extra round trip now and then.
        heartbeatInterval: 1_000,
        // An idle fetch parks at the broker up to this long; a request arriving meanwhile ends it early.
        maxWaitTimeInMs: 100,
      },
      // Only for a group without offsets: a request sent while the group was still joining is read.
      subscribe: { fromBeginning: true },
      producer: { allowAutoTopicCreation: false },
      // Concurrency across partitions; the bench's request topic has one, so it changes nothing here.
      run: { partitionsConsumedConcurrently: 3 },
    },
    logger: false,
  });
  try {
    await app.listen();
    return { ready: {}, close: () => app.close() };
  } catch (error) {
    await app.close();
    throw error;
  }
}
