import {
  NOTIFICATION_REQUESTED_V1,
  ORDER_CANCELLED_V1,
  ORDER_CONFIRMED_V1,
  ORDER_PLACED_V1,
  ORDER_PLACED_V2,
  ORDER_REJECTED_V1,
  sampleMessages,
  STOCK_REJECTED_V1,
  STOCK_RELEASED_V1,
  STOCK_RESERVED_V1,
} from '@commlab/contracts';

import { projectionChanges } from './projection-changes';

const samples = sampleMessages();

describe('projectionChanges', () => {
  it('counts a sync OrderPlaced (v1 and v2) as placed and confirmed, and sells it per SKU and day', () => {
    const expected = {
      counts: ['placed', 'confirmed'],
      sale: {
        currency: 'USD',
        day: '2026-11-22',
        units: 3,
        revenueCents: 4500,
        bySku: [
          { sku: 'mug-red', units: 2, revenueCents: 2500 },
          { sku: 'tee-black', units: 1, revenueCents: 2000 },
        ],
      },
      movements: [],
    };
    expect(projectionChanges(samples[ORDER_PLACED_V2])).toEqual(expected);
    expect(projectionChanges(samples[ORDER_PLACED_V1])).toEqual(expected);
  });

  it('sells a SKU on two lines once, with both lines added up, SKUs in order', () => {
    const sample = samples[ORDER_CONFIRMED_V1];
    const message = {
      ...sample,
      data: {
        ...sample.data,
        items: [
          { sku: 'tee-black', quantity: 1, unitPriceCents: 2000 },
          { sku: 'mug-red', quantity: 2, unitPriceCents: 1250 },
          { sku: 'tee-black', quantity: 3, unitPriceCents: 2000 },
        ],
      },
    };
    expect(projectionChanges(message)?.sale).toEqual({
      currency: 'USD',
      day: '2026-11-22',
      units: 6,
      revenueCents: 10_500,
      bySku: [
        { sku: 'mug-red', units: 2, revenueCents: 2500 },
        { sku: 'tee-black', units: 4, revenueCents: 8000 },
      ],
    });
    expect(projectionChanges(message)?.counts).toEqual(['placed', 'confirmed']);
  });

  it('counts rejections and cancellations without a sale', () => {
    expect(projectionChanges(samples[ORDER_REJECTED_V1])).toEqual({
      counts: ['placed', 'rejected'],
      movements: [],
    });
    expect(projectionChanges(samples[ORDER_CANCELLED_V1])).toEqual({ counts: ['cancelled'], movements: [] });
  });

  it('merges the stock movements of a SKU named twice, SKUs in order', () => {
    const reserved = samples[STOCK_RESERVED_V1];
    const twice = {
      ...reserved,
      data: {
        ...reserved.data,
        items: [
          { sku: 'tee-black', quantity: 1, unitPriceCents: 2000 },
          { sku: 'mug-red', quantity: 2, unitPriceCents: 1250 },
          { sku: 'tee-black', quantity: 2, unitPriceCents: 2000 },
        ],
      },
    };
    expect(projectionChanges(twice)).toEqual({
      counts: [],
      movements: [
        { sku: 'mug-red', reservedUnits: 2, releasedUnits: 0, reservations: 1, rejections: 0 },
        { sku: 'tee-black', reservedUnits: 3, releasedUnits: 0, reservations: 2, rejections: 0 },
      ],
    });
    expect(projectionChanges(samples[STOCK_REJECTED_V1])?.movements).toEqual([
      { sku: 'no-such-thing', reservedUnits: 0, releasedUnits: 0, reservations: 0, rejections: 1 },
    ]);
    expect(projectionChanges(samples[STOCK_RELEASED_V1])?.movements).toEqual([
      { sku: 'mug-red', reservedUnits: 0, releasedUnits: 2, reservations: 0, rejections: 0 },
    ]);
  });

  it('has nothing for events the projections do not use', () => {
    expect(projectionChanges(samples[NOTIFICATION_REQUESTED_V1])).toBeUndefined();
  });
});
