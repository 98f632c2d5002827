import { KAFKA_DEAD_LETTER_TOPICS, KAFKA_TOPICS } from '@commlab/contracts';
import type { ResilientKafkaServer } from '@commlab/messaging-kafka';
import { Inject, Injectable } from '@nestjs/common';

import { REPORTING_KAFKA_SERVER } from '../consumer/reporting-kafka-server';
import type { ConsumerStatus, PartitionStatus } from './report.dto';
import { KafkaAdminSession } from './kafka-admin-session';

/** The topics the projections are built from. */
export const PROJECTED_TOPICS = [KAFKA_TOPICS.orders, KAFKA_TOPICS.inventory] as const;

/**
 * The consumer group's position, from Kafka itself: per partition the committed offset (what a restarted
 * consumer resumes from), the log start and the high watermark, and the lag between them; plus how many
 * records wait in each dead-letter topic.
 */
@Injectable()
export class GetConsumerStatus {
  constructor(
    private readonly admin: KafkaAdminSession,
    @Inject(REPORTING_KAFKA_SERVER) private readonly server: ResilientKafkaServer,
  ) {}

  async execute(): Promise<ConsumerStatus> {
    const groupId = this.server.consumerGroupId;
    const committedOf = await this.admin.committedOffsets(groupId, PROJECTED_TOPICS);
    const assigned = this.server.assignment();
    const watermarks = await this.admin.watermarks([...PROJECTED_TOPICS, ...KAFKA_DEAD_LETTER_TOPICS]);

    const partitions: PartitionStatus[] = [];
    for (const topic of PROJECTED_TOPICS) {
      for (const { partition, low, high } of watermarks.get(topic) ?? []) {
        const raw = committedOf.get(`${topic}/${String(partition)}`);
        const committedOffset = raw === undefined || raw === '-1' ? null : raw;
        const from = BigInt(committedOffset ?? low);
        const lag = BigInt(high) > from ? Number(BigInt(high) - from) : 0;
        partitions.push({
          topic,
          partition,
          committedOffset,
          logStartOffset: low,
          highWatermark: high,
          lag,
          assignedHere: assigned[topic]?.includes(partition) ?? false,
        });
      }
    }
    return {
      consumerGroup: groupId,
      consumer: this.server.consumerState(),
      partitions,
      totalLag: partitions.reduce((sum, entry) => sum + entry.lag, 0),
      deadLetters: KAFKA_DEAD_LETTER_TOPICS.map((topic) => ({
        topic,
        records: (watermarks.get(topic) ?? []).reduce(
          (sum, { low, high }) => sum + Number(BigInt(high) - BigInt(low)),
          0,
        ),
      })),
      checkedAt: new Date().toISOString(),
    };
  }
}
