import type { ConsumerPolicy, ParseOutcome, TraceRelation } from '@commlab/messaging';
import { CONSUMER_POLICY } from '@commlab/messaging-nest';
import { type AmqpDelivery, handleRmqMessage, type RmqOutcome } from '@commlab/messaging-rabbitmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RmqContext } from '@nestjs/microservices';

/**
 * notification-service's consumers: `handleRmqMessage` with the configured failure policy
 * (NOTIFICATION_MAX_ATTEMPTS, NOTIFICATION_RETRY_BASE/MAX_MS) and one logger.
 */
@Injectable()
export class ConsumeRmqMessage {
  private readonly logger = new Logger('RabbitMQ');

  constructor(@Inject(CONSUMER_POLICY) private readonly policy: ConsumerPolicy) {}

  run<M>(
    context: RmqContext,
    queue: string,
    parse: (message: AmqpDelivery) => ParseOutcome<M>,
    handle: (message: M) => Promise<void>,
    trace: TraceRelation = 'child',
  ): Promise<RmqOutcome> {
    return handleRmqMessage(context, {
      queue,
      parse,
      handle,
      policy: this.policy.retry,
      logger: this.logger,
      trace,
    });
  }
}
