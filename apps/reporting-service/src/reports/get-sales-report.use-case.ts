import type { Database } from '@commlab/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { contentHash } from '../projections/content-hash';
import { PROJECTION_CONSUMER } from '../projections/project-event.use-case';
import { ProjectionRepository } from '../projections/projection.repository';
import { DATABASE } from '@commlab/service-kit';
import type { SalesReport } from './report.dto';

/** GET /reports/sales: the projections as they stand, with a hash of their content. */
@Injectable()
export class GetSalesReport {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly projections: ProjectionRepository,
  ) {}

  async execute(): Promise<SalesReport> {
    // One repeatable-read transaction: the content and the event count are one consistent snapshot.
    return this.database.transaction(
      async (tx) => {
        const content = await this.projections.read(tx);
        return {
          ...content,
          eventsApplied: await this.projections.eventsApplied(tx, PROJECTION_CONSUMER),
          contentHash: contentHash(content),
          generatedAt: new Date().toISOString(),
        };
      },
      { isolation: 'repeatable read' },
    );
  }
}
