import { REPLY_MESSAGE } from '../payload';

/** The SKUs the bench orders and reserves: the payload's (`mug-red`, `tee-black`). */
export const BENCH_SKUS: readonly string[] = REPLY_MESSAGE.lines.map((line) => line.sku);

/** Below this many units of a SKU a run could run out: setup tops it up rather than measuring 409s. */
export const MIN_STOCK_FOR_A_RUN = 1_000_000;
