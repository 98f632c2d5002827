import type { ReservationItem, ReservedLine } from './reservation.types';

/** Sums SKUs listed more than once, keeping the order in which each SKU first appears. */
export function mergeItems(items: readonly ReservationItem[]): ReservationItem[] {
  const bySku = new Map<string, number>();
  for (const { sku, quantity } of items) bySku.set(sku, (bySku.get(sku) ?? 0) + quantity);
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
}

/** Whether two merged item lists ask for the same quantities of the same SKUs (order does not matter). */
export function sameItems(a: readonly ReservationItem[], b: readonly ReservationItem[]): boolean {
  if (a.length !== b.length) return false;
  const quantities = new Map(a.map((item) => [item.sku, item.quantity]));
  return b.every((item) => quantities.get(item.sku) === item.quantity);
}

/** Prices the lines: `lineTotalCents = quantity × unitPriceCents`, total = sum of the lines. */
export function priceLines(
  items: readonly ReservationItem[],
  unitPriceOf: (sku: string) => number,
): { lines: ReservedLine[]; totalCents: number } {
  const lines = items.map(({ sku, quantity }) => {
    const unitPriceCents = unitPriceOf(sku);
    return { sku, quantity, unitPriceCents, lineTotalCents: quantity * unitPriceCents };
  });
  return { lines, totalCents: lines.reduce((sum, line) => sum + line.lineTotalCents, 0) };
}

/** Items sorted by SKU: the order rows are locked and events appended in. */
export function bySku<T extends { sku: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}
