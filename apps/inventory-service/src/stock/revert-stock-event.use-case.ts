import { LIVE_FEED } from '@commlab/messaging-nest';
import type { LiveFeedSink } from '@commlab/messaging';
import type { Database } from '@commlab/persistence';
import { DATABASE } from '@commlab/service-kit';
import { Inject, Injectable, Optional } from '@nestjs/common';

import { appendCorrection } from './append-correction';
import { decideRevert } from './decide-revert';
import type { RevertStockEventResponse } from './stock.dto';
import { StockRepository } from './stock.repository';
import type { EventProvenance } from './stock.types';

/**
 * Use case: revert one past adjustment of a SKU's stream by appending an EventReverted that references it
 * and undoes its effect on `available` — the original stays in the stream. Reads the stream, the target and
 * any earlier revert of it in one transaction, decides (decideRevert), appends with the optimistic version
 * check (a conflict re-runs it; the unique index on reverts_version backs ALREADY_REVERTED). Scope
 * `stock:adjust`. Announced on the live feed.
 */
@Injectable()
export class RevertStockEvent {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly stock: StockRepository,
    @Optional() @Inject(LIVE_FEED) private readonly feed?: LiveFeedSink,
  ) {}

  async execute(
    sku: string,
    version: number,
    reason: string,
    provenance: EventProvenance,
  ): Promise<RevertStockEventResponse> {
    const { draft, state } = await appendCorrection(
      this.database,
      this.stock,
      sku,
      provenance,
      async (tx, level) =>
        decideRevert(
          {
            sku,
            version,
            available: level.available,
            target: await this.stock.readEvent(tx, sku, version),
            revertedBy: await this.stock.findRevertOf(tx, sku, version),
          },
          reason,
        ),
    );
    const difference = draft.difference ?? 0;
    this.feed?.publish('stock.reverted', { sku, revertsVersion: version, difference });
    return {
      sku,
      type: 'EventReverted',
      revertsVersion: version,
      difference,
      reason,
      version: state.version,
      available: state.available,
    };
  }
}
