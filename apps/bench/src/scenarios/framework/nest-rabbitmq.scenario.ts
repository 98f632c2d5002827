import { CommlabRmqClient } from '@commlab/messaging-rabbitmq';
import { firstValueFrom } from 'rxjs';

import type { Scenario } from '../../scenario';
import { startServerProcess } from '../../servers/server-process';
import { requestId, requestMessage } from '../payload';
import { nestRmqPacketBytes } from './nest-rmq-packet-bytes';
import { BENCH_RMQ_PATTERN, BENCH_RMQ_SOCKET_OPTIONS } from './nest-rabbitmq.server';
import { checkReply, withinMs } from './reserve-stock-work';
import { silenceNestLogger } from './silence-nest-logger';

const SETUP_CALL_TIMEOUT_MS = 10_000;

/**
 * RabbitMQ RPC through NestJS, as commlab runs it: `CommlabRmqClient.send` (NestJS's ClientRMQ: a
 * packet with pattern and id, replies on direct reply-to `amq.rabbitmq.reply-to`, matched by correlation
 * id) to a `CommlabRmqServer` with a `@MessagePattern` handler that acks manually — against
 * `rr.rabbitmq.raw`'s amqplib pair. The queue is the bench's own, non-durable and auto-deleted, named per
 * run (`bench.nest.rpc.<run>`), never one of commlab's.
 */
export const rabbitMqNest: Scenario = {
  name: 'rr.rabbitmq.nest',
  group: 'request-reply',
  transport: 'rabbitmq',
  kind: 'framework',
  baseline: 'rr.rabbitmq.raw',
  description: 'CommlabRmqClient.send (direct reply-to) → CommlabRmqServer @MessagePattern, manual ack',
  needs: ['rabbitmq'],
  async setup(context) {
    silenceNestLogger();
    const url = context.endpoints.rabbitmqUrl;
    const queue = `bench.nest.rpc.${context.runId}`;
    const server = await startServerProcess(context, 'nest-rabbitmq', { url, queue }, { uses: ['rabbitmq'] });
    const client = new CommlabRmqClient({
      urls: [url],
      queue,
      // As order-service's client: a request outliving its caller is worthless, nothing to persist.
      persistent: false,
      socketOptions: BENCH_RMQ_SOCKET_OPTIONS,
    });
    const close = async () => {
      await client.close().catch(() => undefined);
      await server.stop();
    };
    let seq = 0;
    const call = async () => {
      checkReply(
        await firstValueFrom(client.send<unknown>(BENCH_RMQ_PATTERN, requestMessage(requestId(seq++)))),
      );
    };
    try {
      await client.connect();
      await withinMs(call(), SETUP_CALL_TIMEOUT_MS, 'rr.rabbitmq.nest first call');
    } catch (error) {
      await close();
      throw error;
    }
    return {
      placement:
        'NestJS client in the bench process, NestJS server in a process of its own; RabbitMQ external',
      payloadBytes: nestRmqPacketBytes(BENCH_RMQ_PATTERN),
      call,
      processes: server.processes,
      close,
    };
  },
};
