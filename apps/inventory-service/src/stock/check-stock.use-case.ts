import type { Database } from '@commlab/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { DATABASE } from '@commlab/service-kit';
import { runQuery } from '../store/run-transaction';
import { unknownSku } from './inventory-errors';
import { StockRepository } from './stock.repository';
import type { StockLevel } from './stock.types';

/** CheckStock: the available quantity (replayed from each SKU's stream) and unit price of each requested SKU. */
@Injectable()
export class CheckStock {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly stock: StockRepository,
  ) {}

  /** One level per distinct SKU, in the order first requested; 404 UNKNOWN_SKU naming every unknown one. */
  async execute(skus: readonly string[]): Promise<StockLevel[]> {
    const distinct = [...new Set(skus)];
    const found = await runQuery(() => this.stock.readStreams(this.database, distinct));
    const bySku = new Map(found.map((level) => [level.sku, level]));
    const unknown = distinct.filter((sku) => !bySku.has(sku));
    if (unknown.length > 0) throw unknownSku(unknown);
    return distinct.map((sku) => {
      const { available, unitPriceCents, currency } = bySku.get(sku) as StockLevel;
      return { sku, available, unitPriceCents, currency };
    });
  }
}
