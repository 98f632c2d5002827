import type { ConsumerDeserializer, IncomingEvent } from '@nestjs/microservices';

import { DEAD_LETTER_PATTERN } from '../consumer/rmq-transports';

/** What a dead-letter handler receives as its data: which `.dlq` queue the message came from. */
export interface DeadLetterSource {
  deadLetterQueue: string;
}

/**
 * For the servers that drain the `.dlq` queues: every message — whatever its type, even none, even not
 * JSON — gets one pattern, so it always finds the handler that records it. (With the event type as the
 * pattern an unknown type would find no handler, and a rejected message in a `.dlq` would be lost.)
 */
export class DeadLetterRmqDeserializer implements ConsumerDeserializer {
  constructor(private readonly deadLetterQueue: string) {}

  deserialize(): IncomingEvent {
    const data: DeadLetterSource = { deadLetterQueue: this.deadLetterQueue };
    return { pattern: DEAD_LETTER_PATTERN, data };
  }
}
