import type { CatalogSeedItem } from '@commlab/inventory-service';

import { REPLY_MESSAGE } from '../payload';

/**
 * Units of each SKU the bench's inventory starts with: far more than any run reserves (a full run makes a
 * few hundred thousand calls at most, each taking 2 mugs and 1 tee), so no call ever meets OUT_OF_STOCK.
 */
export const BENCH_INITIAL_STOCK = 1_000_000_000;

/**
 * The catalog the bench seeds into its own inventory-service (instead of the demo data): the payload's
 * SKUs (`mug-red`, `tee-black`) at the prices of REPLY_MESSAGE, so the real reservation of the bench
 * request is exactly the fixed reply the raw servers send (same size, same total).
 */
export const BENCH_CATALOG: readonly CatalogSeedItem[] = REPLY_MESSAGE.lines.map((line) => ({
  sku: line.sku,
  unitPriceCents: line.unitPriceCents,
  currency: REPLY_MESSAGE.currency,
  initialStock: BENCH_INITIAL_STOCK,
}));

/** Below this many units of a SKU a run could run out: setup refuses rather than measuring 409s. */
export const MIN_STOCK_FOR_A_RUN = 1_000_000;
