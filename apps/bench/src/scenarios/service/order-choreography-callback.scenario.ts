import { Agent } from 'node:http';

import type { Scenario } from '../../scenario';
import { ASYNC_PATH_INTERVALS } from './async-path-intervals';
import { type CallbackReceiver, startCallbackReceiver } from './callback-receiver';
import { firstSuccess } from './first-success';
import { httpRequest, jsonBody } from './http-request';
import { checkAccepted, ORDER_ITEMS, RESPOND_ASYNC } from './order-api';
import { withBenchStack } from './shared-bench-stack';

const NAME = 'e2e.order.choreography-callback';
const { outboxRelayPollMs, kafkaConsumerMaxWaitMs, webhookDispatcherPollMs } = ASYNC_PATH_INTERVALS;

/**
 * `e2e.order.async-callback` as a choreographed saga (`?saga=choreography`): `POST /orders` with
 * `Prefer: respond-async` and a `callbackUrl` → 202 → order's outbox relay publishes OrderAccepted to
 * Kafka `orders` (no command) → inventory's consumer group `inventory-order-events` reserves and its
 * outbox relay publishes StockReserved to Kafka `inventory` → order's consumer confirms → order's webhook
 * dispatcher POSTs the signed callback. Latency = POST → the receiver verified its order's callback. Next
 * to the orchestrated row it prices a Kafka event where RabbitMQ carried a command; the services keep their
 * default intervals (async-path-intervals.ts). Not available against compose (its SSRF guard, as there).
 */
export const orderChoreographyCallback: Scenario = {
  name: NAME,
  group: 'end-to-end',
  transport: 'rest',
  kind: 'framework',
  description:
    `POST /orders?saga=choreography, respond-async + callbackUrl → 202 → Kafka orders (OrderAccepted) → inventory → ` +
    `Kafka inventory → signed webhook received (outbox relays poll every ${outboxRelayPollMs} ms, woken on ` +
    `commit; Kafka fetch waits ≤${kafkaConsumerMaxWaitMs} ms; webhook dispatcher polls every ${webhookDispatcherPollMs} ms)`,
  needs: ['rabbitmq', 'redis', 'kafka'],
  setup: (context) =>
    withBenchStack(context, async (lease) => {
      const { stack } = lease;
      if (stack.webhookSecret === undefined)
        throw new Error(
          `${NAME} needs the bench's own stack: a running stack cannot call back a listener in the bench ` +
            "(compose's order container cannot reach the host; its SSRF guard refuses loopback and private addresses)",
        );
      await stack.checkStock();
      await stack.accessToken.ready();
      const receiver: CallbackReceiver = await startCallbackReceiver(stack.webhookSecret);
      const url = new URL('/orders?saga=choreography', stack.order.httpUrl);
      const body = Buffer.from(JSON.stringify({ items: ORDER_ITEMS, callbackUrl: receiver.url }));
      const agent = new Agent({ keepAlive: true, maxSockets: context.maxInFlight, noDelay: true });
      const place = async () => {
        const answer = await httpRequest(url, {
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${stack.accessToken.token}`,
            'content-type': 'application/json',
            prefer: RESPOND_ASYNC,
          },
          body,
        });
        const order = jsonBody(answer) as { id?: unknown; status?: unknown } | undefined;
        return checkAccepted({
          status: answer.status,
          id: typeof order?.id === 'string' ? order.id : undefined,
          orderStatus: typeof order?.status === 'string' ? order.status : undefined,
          location: answer.headers.location,
          replyBytes: answer.body.length,
          text: answer.body.toString('utf8'),
        });
      };
      try {
        const call = async () => {
          await receiver.waiter.wait(await place());
        };
        // inventory's consumer group joins in the background: the whole path must answer before the run.
        await firstSuccess(call, `${NAME} first order`, { totalMs: 60_000, attemptMs: 30_000 });
        return {
          placement: `node:http client and webhook receiver in the bench process; ${stack.where.services}; ${stack.where.kafka}`,
          payloadBytes: { request: body.length, reply: receiver.lastBodyBytes() },
          call,
          close: async () => {
            agent.destroy();
            await receiver.close();
            await lease.release();
          },
        };
      } catch (error) {
        agent.destroy();
        await receiver.close();
        throw error;
      }
    }),
};
