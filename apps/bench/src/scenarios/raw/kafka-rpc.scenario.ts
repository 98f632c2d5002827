import type { Consumer, Producer } from 'kafkajs';

import type { Scenario } from '../../scenario';
import { createKafka, createProducer, createTopics, deleteTopics, startConsumer } from '../kafka-client';
import { PAYLOAD_BYTES, REPLY_JSON, parseReply, parseRequestId, requestId, requestJson } from '../payload';
import { PendingCalls } from '../pending-calls';

const CORRELATION_HEADER = 'correlation-id';

/**
 * Kafka request-reply baseline with kafkajs: the client produces the request (correlation id in a
 * header) to a request topic; a responder consumer group parses each batch and produces the fixed
 * replies in one send to a reply topic, where the client's own consumer matches them by correlation id.
 * Topics and groups are per run and deleted afterwards.
 */
export const kafkaRpcRaw: Scenario = {
  name: 'rr.kafka.raw',
  group: 'request-reply',
  transport: 'kafka',
  kind: 'raw',
  description: 'kafkajs request topic → responder → reply topic, matched by a correlation-id header',
  needs: ['kafka'],
  async setup(context) {
    const { brokers, where } = await context.endpoints.kafka();
    const kafka = createKafka(brokers, `commlab-bench-rpc-${context.runId}`, (line) => {
      context.log(line);
    });
    const requests = `bench.raw.rpc.requests.${context.runId}`;
    const replies = `bench.raw.rpc.replies.${context.runId}`;
    await createTopics(kafka, [requests, replies]);

    const pending = new PendingCalls();
    const opened: (Producer | Consumer)[] = [];
    const close = async () => {
      pending.failAll(new Error('closed'));
      for (const client of opened.reverse()) await client.disconnect().catch(() => undefined);
      await deleteTopics(kafka, [requests, replies]).catch(() => undefined);
    };
    try {
      const responderProducer = createProducer(kafka);
      opened.push(responderProducer);
      await responderProducer.connect();
      opened.push(
        await startConsumer(kafka, `bench-rpc-responder-${context.runId}`, requests, async ({ batch }) => {
          const answers = batch.messages.map((message) => {
            if (message.value !== null) parseRequestId(message.value);
            return {
              value: REPLY_JSON,
              headers: { [CORRELATION_HEADER]: message.headers?.[CORRELATION_HEADER] ?? '' },
            };
          });
          await responderProducer.send({ topic: replies, messages: answers });
        }),
      );

      const clientProducer = createProducer(kafka);
      opened.push(clientProducer);
      await clientProducer.connect();
      opened.push(
        await startConsumer(kafka, `bench-rpc-client-${context.runId}`, replies, ({ batch }) => {
          for (const message of batch.messages) {
            const id = message.headers?.[CORRELATION_HEADER]?.toString() ?? '';
            try {
              if (message.value === null) throw new Error('empty reply');
              parseReply(message.value);
              pending.settle(id);
            } catch (error) {
              pending.fail(id, error as Error);
            }
          }
          return Promise.resolve();
        }),
      );
      let seq = 0;

      return {
        placement: `client and responder in the bench process; ${where}`,
        payloadBytes: { request: PAYLOAD_BYTES.requestJson, reply: PAYLOAD_BYTES.replyJson },
        call: () => {
          const id = requestId(seq++);
          const replied = pending.wait(id);
          clientProducer
            .send({
              topic: requests,
              messages: [{ value: requestJson(id), headers: { [CORRELATION_HEADER]: id } }],
            })
            .catch((error: unknown) => {
              pending.fail(id, error as Error);
            });
          return replied;
        },
        close,
      };
    } catch (error) {
      await close();
      throw error;
    }
  },
};
