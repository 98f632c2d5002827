import type { CatalogSeedItem } from '../stock/stock.types';

/** The demo catalog, seeded in development (SEED_DEMO_DATA). Prices in cents. */
export const DEMO_CATALOG: readonly CatalogSeedItem[] = [
  { sku: 'mug-red', unitPriceCents: 1250, currency: 'USD', initialStock: 100 },
  { sku: 'tee-black', unitPriceCents: 2000, currency: 'USD', initialStock: 50 },
  { sku: 'sticker-kafka', unitPriceCents: 100, currency: 'USD', initialStock: 1000 },
  { sku: 'poster-async', unitPriceCents: 1500, currency: 'USD', initialStock: 0 },
];
