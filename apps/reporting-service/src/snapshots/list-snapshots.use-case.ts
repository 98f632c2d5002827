import type { Database } from '@commlab/persistence';
import { DATABASE } from '@commlab/service-kit';
import { Inject, Injectable } from '@nestjs/common';

import { ProjectionSnapshotRepository, type SnapshotRecord } from './projection-snapshot.repository';

/** GET /reports/snapshots: the snapshots kept, newest first. */
@Injectable()
export class ListSnapshots {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly snapshots: ProjectionSnapshotRepository,
  ) {}

  execute(): Promise<SnapshotRecord[]> {
    return this.snapshots.list(this.database);
  }
}
