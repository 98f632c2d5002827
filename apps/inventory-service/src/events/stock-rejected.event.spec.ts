import { parseMessageOfType, STOCK_REJECTED_V1 } from '@commlab/contracts';

import { stockRejectedEvent } from './stock-rejected.event';

const at = new Date('2026-01-02T03:04:05.000Z');

describe('stockRejectedEvent', () => {
  it('is a valid commlab.stock.rejected.v1 naming the reason and the short SKUs', () => {
    const event = stockRejectedEvent(
      { reservationId: 'res-2', orderId: 'order-2', reason: 'OUT_OF_STOCK', skus: ['poster-async'] },
      { correlationId: 'corr-2' },
      at,
    );
    expect(parseMessageOfType(event, STOCK_REJECTED_V1)).toMatchObject({ ok: true });
    expect(event).toMatchObject({
      type: STOCK_REJECTED_V1,
      source: '/commlab/inventory-service',
      subject: 'res-2',
      correlationid: 'corr-2',
    });
    expect(event.data).toEqual({
      reservationId: 'res-2',
      orderId: 'order-2',
      reason: 'OUT_OF_STOCK',
      skus: ['poster-async'],
      rejectedAt: at.toISOString(),
    });
  });
});
