import { parseMessageOfType, STOCK_RESERVED_V1 } from '@commlab/contracts';

import { stockReservedEvent } from './stock-reserved.event';

const reservation = {
  reservationId: 'res-1',
  orderId: 'order-1',
  lines: [
    { sku: 'mug-red', quantity: 2, unitPriceCents: 1250, lineTotalCents: 2500 },
    { sku: 'sticker-kafka', quantity: 3, unitPriceCents: 100, lineTotalCents: 300 },
  ],
  totalCents: 2800,
  currency: 'USD',
};
const at = new Date('2026-01-02T03:04:05.000Z');

describe('stockReservedEvent', () => {
  it('is a valid commlab.stock.reserved.v1 about the reservation, with the prices it was made at', () => {
    const event = stockReservedEvent(reservation, { correlationId: 'corr-1' }, at);
    expect(parseMessageOfType(event, STOCK_RESERVED_V1)).toMatchObject({ ok: true });
    expect(event).toMatchObject({
      type: STOCK_RESERVED_V1,
      source: '/commlab/inventory-service',
      subject: 'res-1',
      time: at.toISOString(),
      correlationid: 'corr-1',
      causationid: 'corr-1',
    });
    expect(event.data).toEqual({
      reservationId: 'res-1',
      orderId: 'order-1',
      items: [
        { sku: 'mug-red', quantity: 2, unitPriceCents: 1250 },
        { sku: 'sticker-kafka', quantity: 3, unitPriceCents: 100 },
      ],
      totalCents: 2800,
      currency: 'USD',
      reservedAt: at.toISOString(),
    });
  });

  it('starts a flow of its own without a correlation id, and keeps an explicit causation id', () => {
    const alone = stockReservedEvent(reservation, {});
    expect(alone.correlationid).toBe(alone.id);
    const caused = stockReservedEvent(reservation, { correlationId: 'corr-1', causationId: 'msg-9' });
    expect(caused).toMatchObject({ correlationid: 'corr-1', causationid: 'msg-9' });
    expect(caused.id).not.toBe(alone.id);
  });
});
