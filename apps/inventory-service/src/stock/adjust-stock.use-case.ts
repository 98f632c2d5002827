import { LIVE_FEED } from '@commlab/messaging-nest';
import type { LiveFeedSink } from '@commlab/messaging';
import type { Database } from '@commlab/persistence';
import { DATABASE } from '@commlab/service-kit';
import { Inject, Injectable, Optional } from '@nestjs/common';

import { appendCorrection } from './append-correction';
import { decideAdjustment } from './decide-adjustment';
import type { StockAdjustmentBody, StockAdjustmentResponse } from './stock.dto';
import { StockRepository } from './stock.repository';
import type { EventProvenance } from './stock.types';

/**
 * Use case: adjust one SKU's stock — `received` (StockAdded), `damaged` (StockRemoved, 409
 * INSUFFICIENT_STOCK below zero) or `counted` (StockCounted: the counted level and its difference), each
 * with its reason and who asked, with the same optimistic version check as every append (a conflict re-runs
 * it, deciding again on the fresh state). Only services holding the `stock:adjust` scope call it (e.g.
 * `pnpm bench` topping up its SKUs). Announced on the live feed.
 */
@Injectable()
export class AdjustStock {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly stock: StockRepository,
    @Optional() @Inject(LIVE_FEED) private readonly feed?: LiveFeedSink,
  ) {}

  async execute(
    sku: string,
    adjustment: StockAdjustmentBody,
    provenance: EventProvenance,
  ): Promise<StockAdjustmentResponse> {
    const { draft, state } = await appendCorrection(
      this.database,
      this.stock,
      sku,
      provenance,
      (_tx, level) => decideAdjustment(sku, level.available, adjustment),
    );
    this.feed?.publish('stock.adjusted', {
      sku,
      kind: adjustment.kind,
      type: draft.type,
      available: state.available,
    });
    const units =
      adjustment.kind === 'counted'
        ? { counted: adjustment.counted, difference: draft.difference ?? 0 }
        : { quantity: adjustment.quantity };
    return {
      sku,
      kind: adjustment.kind,
      type: draft.type,
      ...units,
      reason: adjustment.reason,
      version: state.version,
      available: state.available,
    };
  }
}
