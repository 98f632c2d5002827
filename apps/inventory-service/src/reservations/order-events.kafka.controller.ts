import { KAFKA_TOPICS } from '@commlab/contracts';
import { handleKafkaEvent } from '@commlab/messaging-kafka';
import type { RetryPolicy } from '@commlab/resilience';
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';

import { authorizationOfKafka } from '../auth/transport-authorization';
import { ORDER_EVENTS_CONSUMER, ReserveForAcceptedOrder } from './reserve-for-accepted-order.use-case';
import { INVENTORY_ORDER_EVENTS_TRANSPORT } from './order-events.kafka-server';

/** Retries and dead letters are logged under this context. */
const logger = new Logger('OrderEventsConsumer');

/** Nest injection token of the retry policy of inventory's Kafka event consumer (KAFKA_CONSUMER_*). */
export const ORDER_EVENTS_RETRY = Symbol('ORDER_EVENTS_RETRY');

/**
 * Kafka `orders`, consumer group `inventory-order-events`: a choreographed order's OrderAccepted →
 * reserve its stock (ReserveForAcceptedOrder); every other record is acknowledged and ignored. Failure
 * policy (handleKafkaEvent): a transient failure (store down, auth's keys unreachable) is retried with
 * capped backoff, then dead-lettered; a record that is no valid envelope, or an OrderAccepted whose
 * `authorization` header carries no service token with stock:reserve (order-service's outbox relay adds
 * it when it publishes), is dead-lettered at once to `orders.dlt` with its reason — and reserves
 * nothing. A token that expired while the event waited is accepted for INVENTORY_COMMANDS_TOKEN_GRACE_MS,
 * as for a command.
 */
@Controller()
export class OrderEventsKafkaController {
  constructor(
    private readonly reserve: ReserveForAcceptedOrder,
    @Inject(ORDER_EVENTS_RETRY) private readonly retry: RetryPolicy,
  ) {}

  @EventPattern(KAFKA_TOPICS.orders, INVENTORY_ORDER_EVENTS_TRANSPORT)
  async onOrderEvent(@Ctx() context: KafkaContext): Promise<void> {
    await handleKafkaEvent(context, {
      consumerGroup: ORDER_EVENTS_CONSUMER,
      policy: this.retry,
      handle: async (event) => {
        await this.reserve.execute(event, authorizationOfKafka(context));
      },
      // One subscriber among several of the `orders` topic: its work is a trace of its own, linked.
      trace: 'link',
      logger,
    });
  }
}
