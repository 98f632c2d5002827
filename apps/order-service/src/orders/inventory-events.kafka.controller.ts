import { KAFKA_TOPICS } from '@commlab/contracts';
import { handleKafkaEvent } from '@commlab/messaging-kafka';
import type { RetryPolicy } from '@commlab/resilience';
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';

import { CompleteAsyncOrder } from './complete-async-order.use-case';

export interface InventoryEventsPolicy {
  consumerGroup: string;
  retry: RetryPolicy;
}

export const INVENTORY_EVENTS_POLICY = Symbol('INVENTORY_EVENTS_POLICY');

/** inventory's answers (Kafka `inventory`, consumer group `order`) → async orders complete. */
@Controller()
export class InventoryEventsKafkaController {
  private readonly logger = new Logger('InventoryEventsConsumer');

  constructor(
    private readonly complete: CompleteAsyncOrder,
    @Inject(INVENTORY_EVENTS_POLICY) private readonly policy: InventoryEventsPolicy,
  ) {}

  @EventPattern(KAFKA_TOPICS.inventory)
  async onInventoryEvent(@Ctx() context: KafkaContext): Promise<void> {
    await handleKafkaEvent(context, {
      consumerGroup: this.policy.consumerGroup,
      policy: this.policy.retry,
      handle: async (event) => {
        await this.complete.execute(event);
      },
      logger: this.logger,
    });
  }
}
