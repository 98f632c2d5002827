import { KAFKA_TOPICS } from '@commlab/contracts';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';

import { ConsumeEvent } from './consume-event';

/** Order events (OrderPlaced, OrderConfirmed, OrderRejected) into the projections. */
@Controller()
export class OrdersKafkaController {
  constructor(private readonly consume: ConsumeEvent) {}

  @EventPattern(KAFKA_TOPICS.orders)
  async onOrderEvent(@Ctx() context: KafkaContext): Promise<void> {
    await this.consume.handle(context);
  }
}
