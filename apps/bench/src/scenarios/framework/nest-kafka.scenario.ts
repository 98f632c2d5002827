import { ClientKafka } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';

import type { Scenario } from '../../scenario';
import { startServerProcess } from '../../servers/server-process';
import { createKafka, createTopics, deleteTopics } from '../kafka-client';
import { PAYLOAD_BYTES, requestId, requestMessage } from '../payload';
import { replyPartitionAssigned } from './kafka-reply-partition';
import { nestKafkaClientOptions } from './nest-kafka-client-options';
import { checkReply, withinMs } from './reserve-stock-work';
import { silenceNestLogger } from './silence-nest-logger';

/** How long setup waits for the reply partition, and then for the first answer (group joins included). */
const SETUP_WAIT_MS = 30_000;

/**
 * Kafka request-reply through NestJS, set up as commlab's real path (order's ClientKafka →
 * inventory's `kafkaRequestServer`, NestJS's ServerKafka extended): `ClientKafka.send(topic, request)`
 * (NestJS's correlation id, reply topic `<topic>.reply` and reply partition in headers) → a
 * `@MessagePattern(topic)` handler whose return value NestJS produces to that reply partition, where the
 * client's reply consumer matches it —
 * against `rr.kafka.raw`'s kafkajs pair. Topics (one partition each) and groups are per run; topics are
 * deleted afterwards.
 */
export const kafkaNest: Scenario = {
  name: 'rr.kafka.nest',
  group: 'request-reply',
  transport: 'kafka',
  kind: 'framework',
  baseline: 'rr.kafka.raw',
  description:
    'NestJS ClientKafka.send → commlab’s ServerKafka (kafkaRequestServer) @MessagePattern → <topic>.reply',
  needs: ['kafka'],
  async setup(context) {
    silenceNestLogger();
    const { brokers, where } = await context.endpoints.kafka();
    const log = (line: string) => {
      context.log(line);
    };
    const admin = createKafka(brokers, `commlab-bench-nest-admin-${context.runId}`, log);
    const requestTopic = `bench.nest.rpc.${context.runId}`;
    const replyTopic = `${requestTopic}.reply`;
    await createTopics(admin, [requestTopic, replyTopic]);

    let client: ClientKafka | undefined;
    let server: Awaited<ReturnType<typeof startServerProcess<'nest-kafka'>>> | undefined;
    const close = async () => {
      await client?.close().catch(() => undefined);
      await server?.stop();
      await deleteTopics(admin, [requestTopic, replyTopic]).catch(() => undefined);
    };
    try {
      // As inventory's ReserveStock server (reserve-stock.kafka-server.ts), in a process of its own.
      server = await startServerProcess(
        context,
        'nest-kafka',
        {
          brokers,
          clientId: `commlab-bench-nest-responder-${context.runId}`,
          groupId: `bench-nest-rpc-responder-${context.runId}`,
          requestTopic,
        },
        { uses: ['kafka'] },
      );

      // As order's ClientKafka (inventory-kafka-client.ts).
      client = new ClientKafka({
        postfixId: '', // the group is named exactly as given (NestJS would append `-client`)
        client: nestKafkaClientOptions(brokers, `commlab-bench-nest-client-${context.runId}`, log),
        consumer: {
          groupId: `bench-nest-rpc-client-${context.runId}`,
          // kafkajs heartbeats between fetches once this has elapsed: an extra round trip now and then.
          heartbeatInterval: 1_000,
          sessionTimeout: 10_000,
          // An idle reply fetch parks at the broker up to this long; a reply arriving ends it early.
          maxWaitTimeInMs: 100,
          // No kafkajs restart loop after a crash (it would outlive close()).
          retry: { restartOnFailure: () => Promise.resolve(false) },
        },
        // A reply on a freshly assigned partition is read even before the first offset is committed.
        subscribe: { fromBeginning: true },
        producer: { allowAutoTopicCreation: false },
      });
      client.subscribeToResponseOf(requestTopic);
      await client.connect();
      await replyPartitionAssigned(client, replyTopic, SETUP_WAIT_MS);

      const connected = client;
      let seq = 0;
      const call = async () => {
        checkReply(
          await firstValueFrom(connected.send<unknown>(requestTopic, requestMessage(requestId(seq++)))),
        );
      };
      // The responder may still be joining its group: its first fetch (from the beginning) answers this.
      await withinMs(call(), SETUP_WAIT_MS, 'rr.kafka.nest first call');

      return {
        placement: `NestJS client in the bench process, NestJS server in a process of its own; ${where}`,
        payloadBytes: { request: PAYLOAD_BYTES.requestJson, reply: PAYLOAD_BYTES.replyJson },
        call,
        processes: server.processes,
        close,
      };
    } catch (error) {
      await close();
      throw error;
    }
  },
};
