import { LIVE_FEED } from '@commlab/messaging-nest';
import type { LiveFeedSink } from '@commlab/messaging';
import type { Database } from '@commlab/persistence';
import { DATABASE } from '@commlab/service-kit';
import { Inject, Injectable, Optional } from '@nestjs/common';

import { runTransaction } from '../store/run-transaction';
import { unknownSku } from './inventory-errors';
import type { StockAdjustmentBody, StockAdjustmentResponse } from './stock.dto';
import { StockRepository } from './stock.repository';

/**
 * Use case: adjust one SKU's stock — `received` appends a StockAdded event with its reason, with the same
 * optimistic version check as every append (a conflict re-runs it). Only services holding the
 * `stock:adjust` scope call it (e.g. `pnpm bench` topping up its SKUs). Announced on the live feed.
 */
@Injectable()
export class AdjustStock {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly stock: StockRepository,
    @Optional() @Inject(LIVE_FEED) private readonly feed?: LiveFeedSink,
  ) {}

  async execute(sku: string, adjustment: StockAdjustmentBody): Promise<StockAdjustmentResponse> {
    const state = await runTransaction(this.database, async (tx) => {
      const level = (await this.stock.readLevels(tx, [sku])).get(sku);
      if (level === undefined) throw unknownSku([sku]);
      return this.stock.append(tx, level, [
        { type: 'StockAdded', quantity: adjustment.quantity, reservationId: null, reason: adjustment.reason },
      ]);
    });
    this.feed?.publish('stock.adjusted', { sku, kind: adjustment.kind, quantity: adjustment.quantity });
    return { sku, ...adjustment, version: state.version, available: state.available };
  }
}
