import type { Scenario } from '../../scenario';
import { ASYNC_PATH_INTERVALS } from './async-path-intervals';
import { type CallbackReceiver, startCallbackReceiver } from './callback-receiver';
import { firstSuccess } from './first-success';
import { checkAccepted, orderClient } from './order-api';
import { withBenchStack } from './shared-bench-stack';

const { outboxRelayPollMs, kafkaConsumerMaxWaitMs, webhookDispatcherPollMs } = ASYNC_PATH_INTERVALS;

/**
 * The async order's time to completion: `POST /orders` with `Prefer: respond-async` and a
 * `callbackUrl` to a webhook receiver the scenario runs → 202 → order's outbox relay sends ReserveStock to
 * RabbitMQ `inventory.commands` → inventory reserves and its outbox relay publishes StockReserved to
 * Kafka `inventory` → order's consumer confirms the order → order's webhook dispatcher POSTs the signed
 * callback. The call ends when the receiver has verified the callback of its order (matched by the order
 * id from the 202 body): latency = POST → callback received. The services keep their default intervals
 * (see async-path-intervals.ts). Not available against compose: the order container's SSRF guard refuses
 * callbacks to the host.
 */
export const orderAsyncCallback: Scenario = {
  name: 'e2e.order.async-callback',
  group: 'end-to-end',
  transport: 'rest',
  kind: 'framework',
  description:
    `POST /orders, respond-async + callbackUrl → 202 → RabbitMQ → inventory → Kafka → signed webhook received ` +
    `(default intervals: outbox relays poll every ${outboxRelayPollMs} ms, woken on commit; Kafka fetch waits ` +
    `≤${kafkaConsumerMaxWaitMs} ms; webhook dispatcher polls every ${webhookDispatcherPollMs} ms, woken on completion)`,
  needs: ['rabbitmq', 'redis', 'kafka'],
  setup: (context) =>
    withBenchStack(context, async (lease) => {
      const { stack } = lease;
      if (stack.webhookSecret === undefined)
        throw new Error(
          'e2e.order.async-callback needs --target local: a running stack cannot call back a listener in the ' +
            "bench (compose's order container cannot reach the host; its SSRF guard refuses loopback and private addresses)",
        );
      await stack.checkStock();
      await stack.accessToken.ready();
      const receiver: CallbackReceiver = await startCallbackReceiver(stack.webhookSecret);
      const orders = orderClient({
        orderHttpUrl: stack.order.httpUrl,
        token: () => stack.accessToken.token,
        mode: 'async',
        maxSockets: context.maxInFlight,
        callbackUrl: receiver.url,
      });
      try {
        const { waiter } = receiver;
        const call = async () => {
          const id = checkAccepted(await orders.place());
          await waiter.wait(id);
        };
        // The whole path must answer before the run: the services' broker consumers join in the background.
        await firstSuccess(call, 'e2e.order.async-callback first order', {
          totalMs: 60_000,
          attemptMs: 30_000,
        });
        return {
          placement: `node:http client and webhook receiver in the bench process; ${stack.where.services}; ${stack.where.rabbitmq}; ${stack.where.kafka}`,
          // The reply is the signed callback's body.
          payloadBytes: { request: orders.requestBytes, reply: receiver.lastBodyBytes() },
          call,
          close: async () => {
            orders.close();
            await receiver.close();
            await lease.release();
          },
        };
      } catch (error) {
        orders.close();
        await receiver.close();
        throw error;
      }
    }),
};
