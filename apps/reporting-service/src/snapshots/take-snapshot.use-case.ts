import type { ResilientKafkaServer } from '@commlab/messaging-kafka';
import type { Database } from '@commlab/persistence';
import { DATABASE } from '@commlab/service-kit';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { ConsumerProgress } from '../consumer/consumer-progress';
import { ExclusiveGate } from '../consumer/exclusive-gate';
import { REPORTING_KAFKA_SERVER } from '../consumer/reporting-kafka-server';
import { contentHash } from '../projections/content-hash';
import { PROJECTION_CONSUMER } from '../projections/project-event.use-case';
import { ProjectionRepository } from '../projections/projection.repository';
import { PROJECTED_TOPICS } from '../reports/get-consumer-status.use-case';
import { KafkaAdminSession } from '../reports/kafka-admin-session';
import { rebuildNeedsEveryPartition } from '../reports/reporting-errors';
import type { PartitionOffsets } from '../reports/truncated-partitions';
import { unassignedPartitions } from '../reports/unassigned-partitions';
import { consumedPositions } from './consumed-positions';
import {
  ProjectionSnapshotRepository,
  type SnapshotRecord,
  type SnapshotTrigger,
} from './projection-snapshot.repository';

export const SNAPSHOT_SETTINGS = Symbol('SNAPSHOT_SETTINGS');

export interface SnapshotSettings {
  /** A snapshot every this many consumed records; 0 = only on request. */
  everyRecords: number;
  /** Snapshots kept; older ones are deleted when one is taken. */
  keep: number;
}

/**
 * A snapshot of the projections: between two events (through the consumer's gate), copy every projection
 * table and note how far the inbox went, in one transaction, with the next offset of every partition the
 * copy had consumed and the content hash; then delete all but the newest `keep`. Taken on request
 * (`POST /reports/snapshots`) and, from inside the gate, every `everyRecords` records. Like a rebuild, it
 * needs every partition here.
 */
@Injectable()
export class TakeSnapshot {
  private readonly logger = new Logger('TakeSnapshot');
  private recordsSinceLast = 0;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(REPORTING_KAFKA_SERVER) private readonly server: ResilientKafkaServer,
    @Inject(SNAPSHOT_SETTINGS) private readonly settings: SnapshotSettings,
    private readonly admin: KafkaAdminSession,
    private readonly gate: ExclusiveGate,
    private readonly progress: ConsumerProgress,
    private readonly projections: ProjectionRepository,
    private readonly snapshots: ProjectionSnapshotRepository,
  ) {}

  /** POST /reports/snapshots. */
  async execute(): Promise<SnapshotRecord> {
    const offsets = await this.everyPartitionHere();
    return this.gate.run(() => this.takeBetweenEvents('request', offsets));
  }

  /**
   * Called by the consumer after each record, inside the gate: every `everyRecords` records, a snapshot.
   * A failed one is logged and never fails the record (the next record tries again).
   */
  async afterRecord(): Promise<void> {
    if (this.settings.everyRecords === 0) return;
    this.recordsSinceLast += 1;
    if (this.recordsSinceLast < this.settings.everyRecords) return;
    try {
      const snapshot = await this.takeBetweenEvents('automatic', await this.everyPartitionHere());
      this.logger.log(`snapshot ${snapshot.id} after ${String(snapshot.eventsApplied)} events`);
    } catch (error) {
      this.logger.warn(`no automatic snapshot: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async everyPartitionHere(): Promise<PartitionOffsets> {
    const offsets = await this.admin.watermarks(PROJECTED_TOPICS);
    const missing = unassignedPartitions(offsets, this.server.assignment());
    if (missing.length > 0) throw rebuildNeedsEveryPartition(missing);
    return offsets;
  }

  private async takeBetweenEvents(
    trigger: SnapshotTrigger,
    offsets: PartitionOffsets,
  ): Promise<SnapshotRecord> {
    const handled = (topic: string, partition: number) => this.progress.nextOffset(topic, partition);
    const allHandled = [...offsets].every(([topic, partitions]) =>
      partitions.every(({ partition }) => handled(topic, partition) !== undefined),
    );
    const committed = allHandled
      ? new Map<string, string>()
      : await this.admin.committedOffsets(this.server.consumerGroupId, PROJECTED_TOPICS);
    const positions = consumedPositions(offsets, handled, committed);
    const snapshot = await this.database.transaction(
      async (tx) => {
        const content = await this.projections.read(tx);
        const taken = await this.snapshots.insert(tx, {
          trigger,
          offsets: positions,
          contentHash: contentHash(content),
          eventsApplied: await this.projections.eventsApplied(tx, PROJECTION_CONSUMER),
        });
        await this.snapshots.prune(tx, this.settings.keep);
        return taken;
      },
      { isolation: 'repeatable read' },
    );
    this.recordsSinceLast = 0;
    return snapshot;
  }
}
