import { setTimeout as sleep } from 'node:timers/promises';

import type { AmqpDelivery } from '@commlab/messaging-rabbitmq';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import type { Channel } from 'amqplib';

import { DEAD_LETTER_PATTERN, DEAD_LETTERS_TRANSPORT } from '../consumer/rmq-transports';
import type { DeadLetterSource } from './dead-letter.deserializer';
import { RecordDeadLetter } from './record-dead-letter.use-case';

/** Pause before a message that could not be recorded goes back to its `.dlq` (no hot loop while the DB is down). */
const REQUEUE_DELAY_MS = 1_000;

/**
 * Drains `notifications.send.dlq` and `notification.order-events.dlq` into the `dead_letters` table: ack
 * after the insert, so `GET /dlq` is a query (not a queue peek) and nothing leaves the broker unrecorded.
 */
@Controller()
export class DeadLettersRmqController {
  private readonly logger = new Logger('DeadLetters');

  constructor(private readonly record: RecordDeadLetter) {}

  @EventPattern(DEAD_LETTER_PATTERN, DEAD_LETTERS_TRANSPORT)
  async onDeadLetter(@Payload() source: DeadLetterSource, @Ctx() context: RmqContext): Promise<void> {
    const message = context.getMessage() as AmqpDelivery;
    const channel = context.getChannelRef() as Channel;
    try {
      await this.record.execute(message, source.deadLetterQueue);
    } catch (error) {
      this.logger.error(
        { deadLetterQueue: source.deadLetterQueue, error: String(error) },
        'could not record a dead letter; it goes back to its queue',
      );
      await sleep(REQUEUE_DELAY_MS);
      channel.nack(message as never, false, true);
      return;
    }
    channel.ack(message as never);
  }
}
