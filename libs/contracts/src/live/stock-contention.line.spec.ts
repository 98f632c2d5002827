import { STOCK_CONTENTION_EVENT, stockContentionOf } from './stock-contention.line';

describe('stockContentionOf', () => {
  const line = {
    service: 'inventory-service',
    event: STOCK_CONTENTION_EVENT,
    at: '2026-12-06T10:00:00.000Z',
    sku: 'tee-black',
    expectedVersion: 7,
    reservationId: 'o-1',
    orderId: 'o-1',
    retry: 2,
    gaveUp: false,
    transport: 'grpc',
  };

  it('reads the fields of a stock.contention line', () => {
    const { service: _service, event: _event, at: _at, ...fields } = line;
    expect(stockContentionOf(line)).toEqual(fields);
    expect(fields).toHaveProperty('expectedVersion', 7);
  });

  it.each([
    ['another event', { ...line, event: 'stock.reserved' }],
    ['a retry of 0', { ...line, retry: 0 }],
    ['an unknown transport', { ...line, transport: 'smoke-signals' }],
    ['no SKU', { ...line, sku: undefined }],
    ['not an object', 'stock.contention'],
  ])('ignores %s', (_, value) => {
    expect(stockContentionOf(value)).toBeUndefined();
  });
});
