import { type AmqpDelivery, handleRmqMessage, type RmqOutcome } from '@commlab/messaging-rabbitmq';
import type { ParseOutcome } from '@commlab/messaging';
import type { RetryPolicy } from '@commlab/resilience';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RmqContext } from '@nestjs/microservices';

/** Nest injection token of the consumers' RetryPolicy (NOTIFICATION_MAX_ATTEMPTS, RETRY_BASE/MAX_MS). */
export const RETRY_POLICY = Symbol('RETRY_POLICY');

/** notification-service's consumers: `handleRmqMessage` with the configured retry policy and one logger. */
@Injectable()
export class ConsumeRmqMessage {
  private readonly logger = new Logger('RabbitMQ');

  constructor(@Inject(RETRY_POLICY) private readonly policy: RetryPolicy) {}

  run<M>(
    context: RmqContext,
    queue: string,
    parse: (message: AmqpDelivery) => ParseOutcome<M>,
    handle: (message: M) => Promise<void>,
  ): Promise<RmqOutcome> {
    return handleRmqMessage(context, { queue, parse, handle, policy: this.policy, logger: this.logger });
  }
}
