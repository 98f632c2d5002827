import { STOCK_CONTENTION_EVENT } from '@commlab/contracts';

import type { FeedLine } from './feed';
import { feedText, isConflictLine, STOCK_CONTENTION_LINE } from './feed-text';

const at = '2026-12-06T10:31:07.412Z';

describe('feedText', () => {
  it('shows time, service, event and up to five fields, without the internal ones', () => {
    const line: FeedLine = {
      service: 'order-service',
      event: 'order.placed',
      at,
      orderId: 'o-1',
      correlationId: 'c-1',
      mode: 'sync',
      transport: 'grpc',
      totalCents: 1250,
    };
    expect(feedText(line)).toBe(
      '10:31:07.412  order  order.placed  orderId=o-1 mode=sync transport=grpc totalCents=1250',
    );
  });

  it('says a version conflict in words: the SKU, the version expected, who lost, how, which retry', () => {
    const line: FeedLine = {
      service: 'inventory-service',
      event: STOCK_CONTENTION_LINE,
      at,
      sku: 'tee-black',
      expectedVersion: 12,
      reservationId: '3f2a9c1e-0000-4000-8000-000000000000',
      orderId: '3f2a9c1e-0000-4000-8000-000000000000',
      retry: 2,
      gaveUp: false,
      transport: 'grpc',
    };
    expect(isConflictLine(line)).toBe(true);
    expect(feedText(line)).toBe(
      '10:31:07.412  inventory  stock.contention  tee-black: expected v12, another writer appended it first — order 3f2a9c1e via grpc, retry 2',
    );
    expect(feedText({ ...line, retry: 20, gaveUp: true })).toMatch(/gave up after 20 \(STOCK_CONTENTION\)$/);
  });

  it('falls back to the fields of a conflict line that lacks its own', () => {
    const line: FeedLine = {
      service: 'inventory-service',
      event: STOCK_CONTENTION_LINE,
      at,
      sku: 'tee-black',
    };
    expect(feedText(line)).toBe('10:31:07.412  inventory  stock.contention  sku=tee-black');
  });

  it('names the event inventory publishes', () => {
    expect(STOCK_CONTENTION_LINE).toBe(STOCK_CONTENTION_EVENT);
  });
});
