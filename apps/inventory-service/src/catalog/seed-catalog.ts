import type { Database } from '@commlab/persistence';
import { z } from 'zod';

import { skuSchema } from '../stock/sku';
import { StockRepository } from '../stock/stock.repository';
import type { CatalogSeedItem } from '../stock/stock.types';

const seedItemSchema = z.strictObject({
  sku: skuSchema,
  unitPriceCents: z.number().int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/),
  initialStock: z.number().int().min(0).max(2_000_000_000),
});

/**
 * Adds the SKUs that are not in the catalog yet, each with its initial stock as a StockAdded event.
 * Idempotent: a SKU already there is left alone (its stock is not reset). Returns the SKUs added.
 */
export async function seedCatalog(database: Database, items: readonly CatalogSeedItem[]): Promise<string[]> {
  const valid = z.array(seedItemSchema).parse(items);
  const repository = new StockRepository();
  return database.transaction(async (tx) => {
    const added: string[] = [];
    for (const item of valid) if (await repository.addCatalogItem(tx, item)) added.push(item.sku);
    return added;
  });
}
