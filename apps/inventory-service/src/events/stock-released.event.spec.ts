import { parseMessageOfType, STOCK_RELEASED_V1 } from '@commlab/contracts';

import { stockReleasedEvent } from './stock-released.event';

const at = new Date('2026-01-02T03:04:05.000Z');

describe('stockReleasedEvent', () => {
  it('is a valid commlab.stock.released.v1 listing what went back into stock', () => {
    const event = stockReleasedEvent(
      {
        reservationId: 'res-3',
        orderId: 'order-3',
        items: [
          { sku: 'mug-red', quantity: 2 },
          { sku: 'tee-black', quantity: 1 },
        ],
      },
      { correlationId: 'corr-3', causationId: 'cmd-3' },
      at,
    );
    expect(parseMessageOfType(event, STOCK_RELEASED_V1)).toMatchObject({ ok: true });
    expect(event).toMatchObject({
      type: STOCK_RELEASED_V1,
      source: '/commlab/inventory-service',
      subject: 'res-3',
      time: at.toISOString(),
      correlationid: 'corr-3',
      causationid: 'cmd-3',
    });
    expect(event.data).toEqual({
      reservationId: 'res-3',
      orderId: 'order-3',
      items: [
        { sku: 'mug-red', quantity: 2 },
        { sku: 'tee-black', quantity: 1 },
      ],
      releasedAt: at.toISOString(),
    });
  });
});
