import type { Scenario } from '../../scenario';
import { startServerProcess } from '../../servers/server-process';
import { createKafka, createProducer, createTopics, deleteTopics } from '../kafka-client';
import { PAYLOAD_BYTES, requestId, requestJson } from '../payload';
import { PendingCalls } from '../pending-calls';
import { laterOf } from './later-of';

/**
 * One-way over Kafka with kafkajs: produce (acks from the leader) to a per-run topic; a consumer group
 * member in a server process of its own parses each message; the call ends when that handler has it.
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
    const pending = new PendingCalls<bigint>();
    const producer = createProducer(kafka);
    let consumer: Awaited<ReturnType<typeof startServerProcess<'kafka-consumer-raw'>>> | undefined;
    const close = async () => {
      pending.failAll(new Error('closed'));
      await producer.disconnect().catch(() => undefined);
      await consumer?.stop();
      await deleteTopics(kafka, [topic]).catch(() => undefined);
    };
    try {
      consumer = await startServerProcess(
        context,
        'kafka-consumer-raw',
        {
          brokers,
          clientId: `commlab-bench-oneway-consumer-${context.runId}`,
          groupId: `bench-oneway-${context.runId}`,
          topic,
        },
        {
          uses: ['kafka'],
          onReceipt: (id, at) => {
            pending.settle(id, at);
          },
        },
      );
      await producer.connect();
      let seq = 0;
      return {
        placement: `producer in the bench process, consumer in a process of its own; ${where}`,
        payloadBytes: { request: PAYLOAD_BYTES.requestJson },
        call: () => {
          const id = requestId(seq++);
          const handled = pending.wait(id);
          const produced = producer
            .send({ topic, acks: 1, messages: [{ value: requestJson(id) }] })
            .then(() => process.hrtime.bigint());
          return Promise.all([produced, handled]).then(laterOf);
        },
        processes: consumer.processes,
        close,
      };
    } catch (error) {
      await close();
      throw error;
    }
  },
};
