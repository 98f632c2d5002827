import { PlacedOrders } from '../../hops/placed-orders';
import type { ScenarioContext, ScenarioInstance } from '../../scenario';
import type { BenchStack } from './bench-stack';
import { type CallbackReceiver, startCallbackReceiver } from './callback-receiver';
import { firstSuccess } from './first-success';
import { checkAccepted, orderClient, type SagaStyle } from './order-api';
import { withBenchStack } from './shared-bench-stack';

/**
 * The setup of an async order timed to its webhook: a callback receiver in the bench, orders placed with
 * `Prefer: respond-async` and its `callbackUrl` (in the given saga style), a call that ends when the
 * receiver verified its order's callback. `where` names the brokers the path crosses, for the placement.
 */
export function asyncCallbackSetup(
  name: string,
  options: { saga: SagaStyle; where: (stack: BenchStack) => string },
): (context: ScenarioContext) => Promise<ScenarioInstance> {
  return (context) =>
    withBenchStack(context, async (lease) => {
      const { stack } = lease;
      if (stack.webhookSecret === undefined)
        throw new Error(
          `${name} needs the bench's own stack: a running stack cannot call back a listener in the bench ` +
            "(compose's order container cannot reach the host; its SSRF guard refuses loopback and private addresses)",
        );
      await stack.checkStock();
      await stack.accessToken.ready();
      const receiver: CallbackReceiver = await startCallbackReceiver(stack.webhookSecret);
      const orders = orderClient({
        orderHttpUrl: stack.order.httpUrl,
        token: () => stack.accessToken.token,
        mode: 'async',
        saga: options.saga,
        maxSockets: context.maxInFlight,
        callbackUrl: receiver.url,
      });
      const placedOrders = new PlacedOrders('webhook', stack.traceStore);
      try {
        const { waiter } = receiver;
        const call = async () => {
          const id = checkAccepted(await orders.place());
          await waiter.wait(id);
          placedOrders.placed(id);
        };
        // The whole path must answer before the run: the services' broker consumers join in the background.
        await firstSuccess(call, `${name} first order`, { totalMs: 60_000, attemptMs: 30_000 });
        return {
          placement: `node:http client and webhook receiver in the bench process; ${options.where(stack)}`,
          // The reply is the signed callback's body.
          payloadBytes: { request: orders.requestBytes, reply: receiver.lastBodyBytes() },
          call,
          placedOrders,
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
    });
}
