import type { Consumer, Producer } from 'kafkajs';

import type { Scenario } from '../../scenario';
import { createKafka, createProducer, createTopics, deleteTopics, startConsumer } from '../kafka-client';
import { PAYLOAD_BYTES, parseRequestId, requestId, requestJson } from '../payload';
import { PendingCalls } from '../pending-calls';

/**
 * One-way over Kafka with kafkajs: produce (acks from the leader) to a per-run topic; a consumer group
 * member parses each message; the call ends when that handler has it.
 */
export const kafkaPublishRaw: Scenario = {
  name: 'ow.kafka.raw',
  group: 'one-way',
  transport: 'kafka',
  kind: 'raw',
  description: 'kafkajs produce → consumer group member',
  needs: ['kafka'],
  async setup(context) {
    const { brokers, where } = await context.endpoints.kafka();
    const kafka = createKafka(brokers, `commlab-bench-oneway-${context.runId}`, (line) => {
      context.log(line);
    });
    const topic = `bench.raw.oneway.${context.runId}`;
    await createTopics(kafka, [topic]);
    const pending = new PendingCalls();
    const opened: (Producer | Consumer)[] = [];
    const close = async () => {
      pending.failAll(new Error('closed'));
      for (const client of opened.reverse()) await client.disconnect().catch(() => undefined);
      await deleteTopics(kafka, [topic]).catch(() => undefined);
    };
    try {
      opened.push(
        await startConsumer(kafka, `bench-oneway-${context.runId}`, topic, ({ batch }) => {
          for (const message of batch.messages)
            if (message.value !== null) pending.settle(parseRequestId(message.value));
          return Promise.resolve();
        }),
      );
      const producer = createProducer(kafka);
      opened.push(producer);
      await producer.connect();
      let seq = 0;
      return {
        placement: `producer and consumer in the bench process; ${where}`,
        payloadBytes: { request: PAYLOAD_BYTES.requestJson },
        call: () => {
          const id = requestId(seq++);
          const handled = pending.wait(id);
          return Promise.all([
            producer.send({ topic, acks: 1, messages: [{ value: requestJson(id) }] }),
            handled,
          ]).then(() => undefined);
        },
        close,
      };
    } catch (error) {
      await close();
      throw error;
    }
  },
};
