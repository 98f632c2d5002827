import { parseMessage } from '../parse-message';
import { sampleMessages } from '../testing/sample-messages';
import { latestOrderPlaced, upcastOrderPlacedV1 } from './order-placed.upcast';
import { ORDER_PLACED_V1 } from './order-placed.v1';
import { ORDER_PLACED_V2 } from './order-placed.v2';

describe('OrderPlaced v1 → v2', () => {
  const samples = sampleMessages();
  const v1 = samples[ORDER_PLACED_V1];

  it("puts v1's one currency on every amount and keeps the envelope (same id: inboxes dedupe it)", () => {
    const v2 = upcastOrderPlacedV1(v1);
    const { type: _v1Type, data: _v1Data, ...envelope } = v1;
    expect(v2).toEqual({
      ...envelope,
      type: ORDER_PLACED_V2,
      data: {
        orderId: v1.data.orderId,
        userId: v1.data.userId,
        mode: 'sync',
        items: [
          { sku: 'mug-red', quantity: 2, unitPrice: { amountCents: 1250, currency: 'USD' } },
          { sku: 'tee-black', quantity: 1, unitPrice: { amountCents: 2000, currency: 'USD' } },
        ],
        total: { amountCents: 4500, currency: 'USD' },
        placedAt: v1.data.placedAt,
      },
    });
  });

  it('gives a valid v2 (what a strict v2 producer could have sent), equal to the v2 sample', () => {
    const v2 = upcastOrderPlacedV1(v1);
    expect(parseMessage(v2, { unknownFields: 'reject' })).toEqual({
      ok: true,
      message: v2,
      ignoredFields: [],
    });
    expect(v2.data).toEqual(samples[ORDER_PLACED_V2].data);
  });

  it('leaves a v2 as it is, and does not change its input', () => {
    const v2 = samples[ORDER_PLACED_V2];
    expect(latestOrderPlaced(v2)).toBe(v2);
    const before = structuredClone(v1);
    latestOrderPlaced(v1);
    expect(v1).toEqual(before);
  });
});
