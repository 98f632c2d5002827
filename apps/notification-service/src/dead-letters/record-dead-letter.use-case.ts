import type { AmqpDelivery } from '@commlab/messaging-rabbitmq';
import type { LiveFeedSink } from '@commlab/messaging';
import type { Database } from '@commlab/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { LIVE_FEED } from '@commlab/messaging-nest';
import { DATABASE } from '@commlab/service-kit';
import { describeDeadLetter } from './dead-letter';
import { DeadLetterRepository } from './dead-letter.repository';

/**
 * Moves one message of a `.dlq` queue into the `dead_letters` table (the caller acks it only after this
 * resolved). Inserting is idempotent: a copy redelivered after a crash between insert and ack is
 * recognised by its id (derived from the message) and stored once.
 */
@Injectable()
export class RecordDeadLetter {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LIVE_FEED) private readonly feed: LiveFeedSink,
    private readonly repository: DeadLetterRepository,
  ) {}

  async execute(message: AmqpDelivery, deadLetterQueue: string): Promise<void> {
    const letter = describeDeadLetter(message, deadLetterQueue);
    const stored = await this.repository.insert(this.database, letter);
    if (stored) {
      this.feed.publish('dead-letter.stored', {
        id: letter.id,
        queue: letter.queue,
        type: letter.type ?? null,
        reason: letter.reason,
      });
    }
  }
}
