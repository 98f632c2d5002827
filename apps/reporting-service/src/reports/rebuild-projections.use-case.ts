import type { ResilientKafkaServer } from '@commlab/messaging-kafka';
import type { Database } from '@commlab/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { ConsumerProgress } from '../consumer/consumer-progress';
import { ExclusiveGate } from '../consumer/exclusive-gate';
import { REPORTING_KAFKA_SERVER } from '../consumer/reporting-kafka-server';
import { PROJECTION_CONSUMER } from '../projections/project-event.use-case';
import { ProjectionRepository } from '../projections/projection.repository';
import { DATABASE } from '@commlab/service-kit';
import { PROJECTED_TOPICS } from './get-consumer-status.use-case';
import { KafkaAdminSession } from './kafka-admin-session';
import type { RebuildResult } from './report.dto';
import {
  historyTruncated,
  kafkaUnavailable,
  rebuildInProgress,
  rebuildNeedsEveryPartition,
} from './reporting-errors';
import { truncatedPartitions } from './truncated-partitions';
import { GetSalesReport } from './get-sales-report.use-case';

export const REBUILD_TIMEOUT_MS = Symbol('REBUILD_TIMEOUT_MS');

/**
 * POST /reports/rebuild: throw the read models away and rebuild them from the log — the point of keeping
 * events. Pause consumption, note the high watermarks, then (between two events, never in the middle of
 * one) empty the projections and the inbox and rewind every partition to its log start; resume, and wait
 * until the replay reaches the noted watermarks. Answers the content hash before and after: with no new
 * events meanwhile they are equal. The rewind is a `seek` of this member's partitions, so this instance
 * must own all of them (with several instances, stop the others first). Refused (HISTORY_TRUNCATED) when
 * retention has deleted the head of a topic: the replay would miss those events.
 */
@Injectable()
export class RebuildProjections {
  private readonly logger = new Logger('RebuildProjections');
  private running = false;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(REPORTING_KAFKA_SERVER) private readonly server: ResilientKafkaServer,
    @Inject(REBUILD_TIMEOUT_MS) private readonly timeoutMs: number,
    private readonly projections: ProjectionRepository,
    private readonly salesReport: GetSalesReport,
    private readonly admin: KafkaAdminSession,
    private readonly gate: ExclusiveGate,
    private readonly progress: ConsumerProgress,
  ) {}

  async execute(): Promise<RebuildResult> {
    if (this.running) throw rebuildInProgress();
    this.running = true;
    try {
      return await this.run();
    } finally {
      this.running = false;
    }
  }

  private async run(): Promise<RebuildResult> {
    const started = Date.now();
    const consumer = this.server.runningConsumer();
    if (consumer === undefined) {
      throw kafkaUnavailable(
        this.server.consumerState().lastError ?? 'the consumer has not joined its group yet',
      );
    }
    const watermarks = await this.admin.watermarks(PROJECTED_TOPICS);
    const assigned = this.server.assignment();
    const missing = [...watermarks].flatMap(([topic, partitions]) =>
      partitions
        .filter(({ partition }) => !(assigned[topic]?.includes(partition) ?? false))
        .map(({ partition }) => `${topic}/${String(partition)}`),
    );
    if (missing.length > 0) throw rebuildNeedsEveryPartition(missing);
    const truncated = truncatedPartitions(watermarks);
    if (truncated.length > 0) throw historyTruncated(truncated);

    const topics = PROJECTED_TOPICS.map((topic) => ({ topic }));
    consumer.pause(topics);
    let replayTo: RebuildResult['replayTo'] = [];
    let hashBefore = '';
    try {
      await this.gate.run(async () => {
        hashBefore = (await this.salesReport.execute()).contentHash;
        // The watermarks once paused and between events: everything the live projections had seen.
        const targets = await this.admin.watermarks(PROJECTED_TOPICS);
        replayTo = [...targets].flatMap(([topic, partitions]) =>
          partitions.map(({ partition, low, high }) => ({ topic, partition, from: low, to: high })),
        );
        await this.database.transaction((tx) => this.projections.wipe(tx, PROJECTION_CONSUMER));
        for (const { topic, partition, from } of replayTo) {
          this.progress.reset(topic, partition);
          consumer.seek({ topic, partition, offset: from });
        }
      });
    } finally {
      consumer.resume(topics);
    }
    this.logger.log(`rebuilding the projections from ${String(replayTo.length)} partitions`);

    const caughtUp = await this.progress.waitUntil(
      () =>
        replayTo.every(
          ({ topic, partition, from, to }) =>
            BigInt(to) <= BigInt(from) || (this.progress.nextOffset(topic, partition) ?? -1n) >= BigInt(to),
        ),
      this.timeoutMs,
    );
    const after = caughtUp ? await this.salesReport.execute() : undefined;
    return {
      status: caughtUp ? 'rebuilt' : 'replaying',
      hashBefore,
      hashAfter: after?.contentHash ?? null,
      equal: after === undefined ? null : after.contentHash === hashBefore,
      replayTo,
      eventsApplied: after?.eventsApplied ?? (await this.salesReport.execute()).eventsApplied,
      tookMs: Date.now() - started,
    };
  }
}
