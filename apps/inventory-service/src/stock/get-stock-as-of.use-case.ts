import type { Database } from '@commlab/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { DATABASE } from '@commlab/service-kit';
import { runQuery } from '../store/run-transaction';
import { unknownSku } from './inventory-errors';
import { StockRepository } from './stock.repository';
import type { StockLevel } from './stock.types';

/** A SKU's stock as it was at a past moment, with the stream version it was at. */
export interface StockLevelAsOf extends StockLevel {
  version: number;
  asOf: Date;
}

/** GET /stock/{sku}?at=…: replays the SKU's events that occurred at or before `at`. */
@Injectable()
export class GetStockAsOf {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly stock: StockRepository,
  ) {}

  /** 404 UNKNOWN_SKU for a SKU not in the catalog; before the first event: available 0, version 0. */
  async execute(sku: string, at: Date): Promise<StockLevelAsOf> {
    return runQuery(async () => {
      const [current] = await this.stock.readStreams(this.database, [sku]);
      if (current === undefined) throw unknownSku([sku]);
      const state = await this.stock.replayAsOf(this.database, sku, at);
      return {
        sku,
        available: state.available,
        unitPriceCents: current.unitPriceCents,
        currency: current.currency,
        version: state.version,
        asOf: at,
      };
    });
  }
}
