import { ORDER_CANCELLED_V1, RABBITMQ_SUBSCRIPTIONS } from '@commlab/contracts';
import { type ConsumerPolicy } from '@commlab/messaging';
import { CONSUMER_POLICY } from '@commlab/messaging-nest';
import { handleRmqMessage, parseAmqpMessageOfType } from '@commlab/messaging-rabbitmq';
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, RmqContext } from '@nestjs/microservices';

import { QueuedMessageAccess } from '../auth/queued-message-access';
import { runAsServiceCaller } from '../auth/service-caller';
import { authorizationOfRmq } from '../auth/transport-authorization';
import { INVENTORY_ORDER_CANCELLATIONS_TRANSPORT } from '../rabbitmq/inventory-rmq-transports';
import { ReleaseCancelledOrder } from './release-cancelled-order.use-case';

const parseCancellation = parseAmqpMessageOfType(ORDER_CANCELLED_V1);

/**
 * The durable subscriber queue `inventory.order-cancellations`, bound to `commlab.events` with
 * `order.cancelled`: each cancelled order's reservation is released (or its late ReserveStock refused).
 * Failure policy (the same settings as `inventory.commands`, INVENTORY_COMMANDS_MAX_ATTEMPTS / _RETRY_*):
 * acked after the effect and its inbox row committed (a redelivery is recognised by the inbox and acked);
 * a transient failure (store down, stock-stream contention) waits in `.retry` with exponential backoff;
 * a message that is not a valid OrderCancelled, or one that keeps failing, is dead-lettered to `.dlq`
 * with its reason. A cancellation releases stock, so, like a ReserveStock command, it must carry order-service's
 * service token (stock:reserve; its `authorization` header, added by order-service's outbox relay): one
 * without is dead-lettered (MISSING_TOKEN, TOKEN_INVALID, …) and releases nothing — anyone able to publish
 * on `commlab.events` could otherwise free any order's stock. The sender is the released stock's `actor`.
 */
@Controller()
export class OrderCancellationsRmqController {
  private readonly logger = new Logger('RabbitMQ');

  constructor(
    private readonly compensation: ReleaseCancelledOrder,
    private readonly access: QueuedMessageAccess,
    @Inject(CONSUMER_POLICY) private readonly policy: ConsumerPolicy,
  ) {}

  @EventPattern(ORDER_CANCELLED_V1, INVENTORY_ORDER_CANCELLATIONS_TRANSPORT)
  async onOrderCancelled(@Ctx() context: RmqContext): Promise<void> {
    await handleRmqMessage(context, {
      queue: RABBITMQ_SUBSCRIPTIONS.inventoryOrderCancellations.queue,
      parse: parseCancellation,
      handle: async (event) => {
        const caller = await this.access.reserverOf(authorizationOfRmq(context));
        await runAsServiceCaller(caller, () => this.compensation.execute(event));
      },
      policy: this.policy.retry,
      logger: this.logger,
      // A subscriber of the `commlab.events` fan-out: a trace of its own, linked to the event's creation.
      trace: 'link',
    });
  }
}
