import { bySku, mergeItems, priceLines, sameItems } from './reservation-items';

describe('reservation items', () => {
  it('sums a SKU listed twice, keeping first-seen order', () => {
    expect(
      mergeItems([
        { sku: 'tee-black', quantity: 1 },
        { sku: 'mug-red', quantity: 2 },
        { sku: 'tee-black', quantity: 4 },
      ]),
    ).toEqual([
      { sku: 'tee-black', quantity: 5 },
      { sku: 'mug-red', quantity: 2 },
    ]);
  });

  it('compares item lists by SKU and quantity, ignoring order', () => {
    const a = [
      { sku: 'a', quantity: 1 },
      { sku: 'b', quantity: 2 },
    ];
    expect(sameItems(a, [...a].reverse())).toBe(true);
    expect(sameItems(a, [{ sku: 'a', quantity: 1 }])).toBe(false);
    expect(
      sameItems(a, [
        { sku: 'a', quantity: 1 },
        { sku: 'b', quantity: 3 },
      ]),
    ).toBe(false);
    expect(
      sameItems(a, [
        { sku: 'a', quantity: 1 },
        { sku: 'c', quantity: 2 },
      ]),
    ).toBe(false);
  });

  it('prices lines in integer cents and totals them', () => {
    const prices: Record<string, number> = { 'mug-red': 1250, 'sticker-kafka': 100 };
    expect(
      priceLines(
        [
          { sku: 'mug-red', quantity: 3 },
          { sku: 'sticker-kafka', quantity: 7 },
        ],
        (sku) => prices[sku] ?? 0,
      ),
    ).toEqual({
      lines: [
        { sku: 'mug-red', quantity: 3, unitPriceCents: 1250, lineTotalCents: 3750 },
        { sku: 'sticker-kafka', quantity: 7, unitPriceCents: 100, lineTotalCents: 700 },
      ],
      totalCents: 4450,
    });
  });

  it('sorts by SKU without touching the input (the lock order)', () => {
    const items = [{ sku: 'tee-black' }, { sku: 'mug-red' }, { sku: 'poster-async' }];
    expect(bySku(items).map((item) => item.sku)).toEqual(['mug-red', 'poster-async', 'tee-black']);
    expect(items[0]?.sku).toBe('tee-black');
  });
});
