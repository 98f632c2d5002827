import type { Consumer, Producer } from 'kafkajs';

import type { RunningServer, ServerIo, ServerKinds } from '../../servers/server-kinds';
import { createKafka, createProducer, startConsumer } from '../kafka-client';
import { parseRequestId, REPLY_JSON } from '../payload';

/** The header the raw Kafka RPC carries its correlation id in. */
export const CORRELATION_HEADER = 'correlation-id';

async function disconnectAll(clients: (Producer | Consumer)[]): Promise<void> {
  for (const client of [...clients].reverse()) await client.disconnect().catch(() => undefined);
}

/**
 * `rr.kafka.raw`'s responder: a consumer-group member of the request topic that parses each batch and
 * produces the fixed replies (correlation id header copied) in one send to the reply topic. Ready once
 * it has joined its group.
 */
export async function startKafkaResponder(
  params: ServerKinds['kafka-rpc-raw']['params'],
  io: ServerIo,
): Promise<RunningServer<Record<string, never>>> {
  const kafka = createKafka(params.brokers, params.clientId, io.log);
  const opened: (Producer | Consumer)[] = [];
  try {
    const producer = createProducer(kafka);
    opened.push(producer);
    await producer.connect();
    opened.push(
      await startConsumer(kafka, params.groupId, params.requests, async ({ batch }) => {
        const answers = batch.messages.map((message) => {
          if (message.value !== null) parseRequestId(message.value);
          return {
            value: REPLY_JSON,
            headers: { [CORRELATION_HEADER]: message.headers?.[CORRELATION_HEADER] ?? '' },
          };
        });
        await producer.send({ topic: params.replies, messages: answers });
      }),
    );
    return { ready: {}, close: () => disconnectAll(opened) };
  } catch (error) {
    await disconnectAll(opened);
    throw error;
  }
}

/**
 * `ow.kafka.raw`'s consumer: a consumer-group member of the topic that parses each message and reports its
 * id as received. Ready once it has joined its group.
 */
export async function startKafkaConsumer(
  params: ServerKinds['kafka-consumer-raw']['params'],
  io: ServerIo,
): Promise<RunningServer<Record<string, never>>> {
  const kafka = createKafka(params.brokers, params.clientId, io.log);
  const consumer = await startConsumer(kafka, params.groupId, params.topic, ({ batch }) => {
    for (const message of batch.messages)
      if (message.value !== null) io.receipt(parseRequestId(message.value));
    return Promise.resolve();
  });
  return { ready: {}, close: () => consumer.disconnect().catch(() => undefined) };
}
