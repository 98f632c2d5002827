import { KAFKA_TOPICS } from '@commlab/contracts';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';

import { ConsumeEvent } from './consume-event';

/** Inventory events (StockReserved, StockRejected, StockReleased) into the stock-movement projection. */
@Controller()
export class InventoryKafkaController {
  constructor(private readonly consume: ConsumeEvent) {}

  @EventPattern(KAFKA_TOPICS.inventory)
  async onInventoryEvent(@Ctx() context: KafkaContext): Promise<void> {
    await this.consume.handle(context);
  }
}
