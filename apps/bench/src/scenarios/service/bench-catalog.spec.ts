import { REPLY_MESSAGE } from '../payload';
import { BENCH_CATALOG, BENCH_INITIAL_STOCK, MIN_STOCK_FOR_A_RUN } from './bench-catalog';

describe('bench catalog', () => {
  it('prices the payload SKUs so the real reservation equals the fixed reply', () => {
    const price = new Map(BENCH_CATALOG.map((item) => [item.sku, item.unitPriceCents]));
    const total = REPLY_MESSAGE.lines.reduce(
      (sum, line) => sum + line.quantity * (price.get(line.sku) ?? Number.NaN),
      0,
    );
    expect(total).toBe(REPLY_MESSAGE.totalCents);
    expect(BENCH_CATALOG.every((item) => item.currency === REPLY_MESSAGE.currency)).toBe(true);
  });

  it('starts with far more stock than the run check asks for', () => {
    for (const item of BENCH_CATALOG) expect(item.initialStock).toBe(BENCH_INITIAL_STOCK);
    expect(BENCH_INITIAL_STOCK).toBeGreaterThan(MIN_STOCK_FOR_A_RUN * 100);
  });
});
