import type { Database } from '@commlab/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { DATABASE } from '@commlab/service-kit';
import { runQuery } from '../store/run-transaction';
import { unknownSku } from './inventory-errors';
import { replayStock, type StockState } from './stock-state';
import { StockRepository } from './stock.repository';
import type { RecordedStockEvent } from './stock.types';

/** A page of a SKU's events; with `until`, also the state all the events up to that moment fold to. */
export interface StockEventsPage {
  events: RecordedStockEvent[];
  asOf?: StockState & { at: Date };
}

/** One page of a stream: `afterVersion` and `limit`. */
export interface StockEventsPaging {
  afterVersion: number;
  limit: number;
}

/**
 * The stock movements of one SKU, oldest first: the audit trail (originals and their reverts side by side).
 * With `until`: only the events the as-of replay folds (GET /stock/{sku}?at= answers the same level), so a
 * reader sees a past level and the events that made it in one answer.
 */
@Injectable()
export class ListStockEvents {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly stock: StockRepository,
  ) {}

  async execute(sku: string, paging: StockEventsPaging, until?: Date): Promise<StockEventsPage> {
    return runQuery(async () => {
      if (until !== undefined) {
        if (!(await this.stock.skuExists(this.database, sku))) throw unknownSku([sku]);
        const prefix = await this.stock.listEventsUntil(this.database, sku, until);
        const page = prefix.filter((event) => event.version > paging.afterVersion).slice(0, paging.limit);
        return { events: page, asOf: { ...replayStock(prefix), at: until } };
      }
      const events = await this.stock.listEvents(this.database, sku, paging.afterVersion, paging.limit);
      if (events.length === 0 && !(await this.stock.skuExists(this.database, sku))) throw unknownSku([sku]);
      return { events };
    });
  }
}
