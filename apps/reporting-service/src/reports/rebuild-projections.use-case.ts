import type { ResilientKafkaServer } from '@commlab/messaging-kafka';
import type { Database } from '@commlab/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { ConsumerProgress } from '../consumer/consumer-progress';
import { ExclusiveGate } from '../consumer/exclusive-gate';
import { REPORTING_KAFKA_SERVER } from '../consumer/reporting-kafka-server';
import { PROJECTION_CONSUMER } from '../projections/project-event.use-case';
import { ProjectionRepository } from '../projections/projection.repository';
import { DATABASE } from '@commlab/service-kit';
import {
  ProjectionSnapshotRepository,
  type SnapshotRecord,
} from '../snapshots/projection-snapshot.repository';
import { PROJECTED_TOPICS } from './get-consumer-status.use-case';
import { KafkaAdminSession } from './kafka-admin-session';
import type { RebuildResult } from './report.dto';
import {
  historyTruncated,
  kafkaUnavailable,
  noCoveringSnapshot,
  rebuildInProgress,
  rebuildNeedsEveryPartition,
} from './reporting-errors';
import { type RebuildFrom, type RebuildStart, type ReplayRange, rebuildStart } from './rebuild-start';
import { unassignedPartitions } from './unassigned-partitions';
import { GetSalesReport } from './get-sales-report.use-case';

export const REBUILD_TIMEOUT_MS = Symbol('REBUILD_TIMEOUT_MS');

/** The refusal of a rebuild that has nowhere to start from, as the error the API answers. */
function refusal(start: Extract<RebuildStart<SnapshotRecord>, { refused: string }>): Error {
  return start.refused === 'history-truncated'
    ? historyTruncated(start.truncated, start.newest)
    : noCoveringSnapshot(start.newest);
}

/**
 * POST /reports/rebuild: throw the read models away and rebuild them from the log — the point of keeping
 * events. Pause consumption, then between two events (never in the middle of one) note the high watermarks,
 * empty the projections and the inbox and rewind every partition to its log start; resume, and wait until
 * the replay reaches the noted watermarks. Answers the content hash before and after: with no new events
 * meanwhile they are equal. The rewind is a `seek` of this member's partitions, so this instance must own
 * all of them (with several instances, stop the others first). When retention has deleted the head of a
 * topic (or `from` is `snapshot`), the projections are restored from the newest snapshot whose offsets
 * the topics still hold, and each partition is replayed from the snapshot's offset; with no such snapshot
 * it is refused (HISTORY_TRUNCATED): the replay would miss the deleted events.
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
    private readonly snapshots: ProjectionSnapshotRepository,
  ) {}

  async execute(from?: RebuildFrom): Promise<RebuildResult> {
    if (this.running) throw rebuildInProgress();
    this.running = true;
    try {
      return await this.run(from);
    } finally {
      this.running = false;
    }
  }

  private async run(requested: RebuildFrom | undefined): Promise<RebuildResult> {
    const started = Date.now();
    const consumer = this.server.runningConsumer();
    if (consumer === undefined) {
      throw kafkaUnavailable(
        this.server.consumerState().lastError ?? 'the consumer has not joined its group yet',
      );
    }
    const watermarks = await this.admin.watermarks(PROJECTED_TOPICS);
    const missing = unassignedPartitions(watermarks, this.server.assignment());
    if (missing.length > 0) throw rebuildNeedsEveryPartition(missing);

    const topics = PROJECTED_TOPICS.map((topic) => ({ topic }));
    consumer.pause(topics);
    let begun: { replay: ReplayRange[]; snapshotId: string | null; hashBefore: string };
    try {
      begun = await this.gate.run(async () => {
        // The watermarks once paused and between events: everything the live projections had seen.
        const targets = await this.admin.watermarks(PROJECTED_TOPICS);
        const start = rebuildStart(targets, await this.snapshots.list(this.database), requested);
        if ('refused' in start) throw refusal(start);
        const snapshotId = start.from === 'snapshot' ? start.snapshot.id : null;
        const hashBefore = (await this.salesReport.execute()).contentHash;
        await this.database.transaction(async (tx) => {
          await this.snapshots.copyLiveInboxes(tx, PROJECTION_CONSUMER);
          await this.projections.wipe(tx, PROJECTION_CONSUMER);
          if (snapshotId !== null) await this.snapshots.restore(tx, snapshotId, PROJECTION_CONSUMER);
        });
        for (const { topic, partition, from } of start.replay) {
          this.progress.rewind(topic, partition, BigInt(from));
          consumer.seek({ topic, partition, offset: from });
        }
        return { replay: start.replay, snapshotId, hashBefore };
      });
    } finally {
      consumer.resume(topics);
    }
    const { replay: replayTo, snapshotId, hashBefore } = begun;
    this.logger.log(
      `rebuilding the projections from ${snapshotId === null ? 'the log start' : `snapshot ${snapshotId}`} ` +
        `of ${String(replayTo.length)} partitions`,
    );

    const caughtUp = await this.progress.waitUntil(
      () =>
        replayTo.every(
          ({ topic, partition, from, to }) =>
            BigInt(to) <= BigInt(from) || (this.progress.nextOffset(topic, partition) ?? 0n) >= BigInt(to),
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
      from: snapshotId === null ? 'log-start' : 'snapshot',
      snapshotId,
    };
  }
}
