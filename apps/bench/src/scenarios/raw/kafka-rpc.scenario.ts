import type { Consumer, Producer } from 'kafkajs';

import type { Scenario } from '../../scenario';
import { startServerProcess } from '../../servers/server-process';
import { createKafka, createProducer, createTopics, deleteTopics, startConsumer } from '../kafka-client';
import { PAYLOAD_BYTES, parseReply, requestId, requestJson } from '../payload';
import { PendingCalls } from '../pending-calls';
import { CORRELATION_HEADER } from './kafka.server';

/**
 * Kafka request-reply baseline with kafkajs: the client produces the request (correlation id in a
 * header) to a request topic; a responder consumer group in a server process of its own parses each batch and produces the fixed
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
    let responder: Awaited<ReturnType<typeof startServerProcess<'kafka-rpc-raw'>>> | undefined;
    const close = async () => {
      pending.failAll(new Error('closed'));
      for (const client of opened.reverse()) await client.disconnect().catch(() => undefined);
      await responder?.stop();
      await deleteTopics(kafka, [requests, replies]).catch(() => undefined);
    };
    try {
      responder = await startServerProcess(
        context,
        'kafka-rpc-raw',
        {
          brokers,
          clientId: `commlab-bench-rpc-responder-${context.runId}`,
          groupId: `bench-rpc-responder-${context.runId}`,
          requests,
          replies,
        },
        { uses: ['kafka'] },
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
        placement: `client in the bench process, responder in a process of its own; ${where}`,
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
        processes: responder.processes,
        close,
      };
    } catch (error) {
      await close();
      throw error;
    }
  },
};
