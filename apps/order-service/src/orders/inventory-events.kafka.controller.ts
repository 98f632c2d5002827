import { KAFKA_TOPICS } from '@commlab/contracts';
import type { ConsumerPolicy } from '@commlab/messaging';
import { handleKafkaEvent } from '@commlab/messaging-kafka';
import { CONSUMER_POLICY } from '@commlab/messaging-nest';
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';

import { CompleteAsyncOrder } from './complete-async-order.use-case';

/** inventory's answers (Kafka `inventory`, consumer group `order`) → async orders complete. */
@Controller()
export class InventoryEventsKafkaController {
  private readonly logger = new Logger('InventoryEventsConsumer');

  constructor(
    private readonly complete: CompleteAsyncOrder,
    @Inject(CONSUMER_POLICY) private readonly policy: ConsumerPolicy,
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
