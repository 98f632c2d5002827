import type { CommlabMessage } from '@commlab/contracts';
import type { LiveFeedSink } from '@commlab/messaging';
import { LIVE_FEED } from '@commlab/messaging-nest';
import type { Database } from '@commlab/persistence';
import { DATABASE } from '@commlab/service-kit';
import { Inject, Injectable, Optional } from '@nestjs/common';

import { projectionChanges } from './projection-changes';
import { ProjectionRepository } from './projection.repository';

/** The inbox name of the projections: the consumer group's. */
export const PROJECTION_CONSUMER = 'reporting';

export type ProjectResult = 'applied' | 'duplicate' | 'ignored';

/**
 * Applies one event to the read models, exactly once: the inbox row (message id) and the projection
 * updates are written by one statement, so a redelivery after a crash or a rebuild's replay finds the id
 * and changes nothing. What each event changes: `projectionChanges`. Known events the projections do not
 * use are acknowledged and ignored.
 */
@Injectable()
export class ProjectEvent {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly projections: ProjectionRepository,
    @Optional() @Inject(LIVE_FEED) private readonly feed?: LiveFeedSink,
  ) {}

  async execute(message: CommlabMessage): Promise<ProjectResult> {
    const changes = projectionChanges(message);
    if (changes === undefined) return 'ignored';
    const result = await this.projections.applyOnce(this.database, PROJECTION_CONSUMER, message.id, changes);
    if (result.status === 'duplicate') return 'duplicate';
    this.feed?.publish('projection.updated', { type: message.type, subject: message.subject });
    return 'applied';
  }
}
