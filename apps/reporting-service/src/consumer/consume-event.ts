import type { ConsumerPolicy } from '@commlab/messaging';
import { type ConsumeOutcome, handleKafkaEvent, kafkaDelivery } from '@commlab/messaging-kafka';
import { CONSUMER_POLICY } from '@commlab/messaging-nest';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { KafkaContext } from '@nestjs/microservices';

import { ProjectEvent } from '../projections/project-event.use-case';
import { TakeSnapshot } from '../snapshots/take-snapshot.use-case';
import { ConsumerProgress } from './consumer-progress';
import { ExclusiveGate } from './exclusive-gate';

/**
 * One Kafka record through the projections, with the explicit failure policy of `handleKafkaEvent`:
 * validate, apply exactly once (inbox), retry a failure a bounded number of times, then dead-letter it
 * to `<topic>.dlt` with the error in headers — and only then let the offset be committed. Records go
 * through the gate one at a time, so a rebuild or a snapshot never interleaves with one being applied;
 * every REPORTING_SNAPSHOT_EVERY_EVENTS records, a snapshot is taken right there, between two of them.
 */
@Injectable()
export class ConsumeEvent {
  private readonly logger = new Logger('ReportingConsumer');

  constructor(
    private readonly project: ProjectEvent,
    private readonly gate: ExclusiveGate,
    private readonly progress: ConsumerProgress,
    private readonly snapshots: TakeSnapshot,
    @Inject(CONSUMER_POLICY) private readonly policy: ConsumerPolicy,
  ) {}

  async handle(context: KafkaContext): Promise<ConsumeOutcome> {
    const { topic, partition, offset } = kafkaDelivery(context);
    return this.gate.run(async () => {
      const outcome = await handleKafkaEvent(context, {
        consumerGroup: this.policy.consumerGroup,
        policy: this.policy.retry,
        handle: async (event) => {
          await this.project.execute(event);
        },
        logger: this.logger,
        // One subscriber among several of `orders` and `inventory`: its projection work is a trace of its
        // own, linked to the order's (the OpenTelemetry messaging conventions for fan-out).
        trace: 'link',
      });
      this.progress.record(topic, partition, offset);
      await this.snapshots.afterRecord();
      return outcome;
    });
  }
}
