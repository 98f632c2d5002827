import type { Database } from '@commlab/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { DATABASE } from '@commlab/service-kit';
import { runQuery } from '../store/run-transaction';
import { unknownSku } from './inventory-errors';
import { StockRepository } from './stock.repository';
import type { StockEvent } from './stock.types';

/** The stock movements of one SKU, oldest first: the audit trail (and, next, the source of truth). */
@Injectable()
export class ListStockEvents {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly stock: StockRepository,
  ) {}

  async execute(sku: string, afterVersion: number, limit: number): Promise<StockEvent[]> {
    return runQuery(async () => {
      const events = await this.stock.listEvents(this.database, sku, afterVersion, limit);
      if (events.length === 0 && !(await this.stock.skuExists(this.database, sku))) throw unknownSku([sku]);
      return events;
    });
  }
}
