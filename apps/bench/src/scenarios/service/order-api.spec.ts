import { checkAccepted, type PlacedOrder } from './order-api';

const accepted: PlacedOrder = {
  status: 202,
  id: 'o-1',
  orderStatus: 'PENDING',
  location: '/orders/o-1',
  replyBytes: 10,
  text: '{}',
};

describe('checkAccepted', () => {
  it('returns the id of a 202 whose Location names it', () => {
    expect(checkAccepted(accepted)).toBe('o-1');
  });

  it('refuses another status, a missing id or a Location of another order', () => {
    expect(() => checkAccepted({ ...accepted, status: 503, text: '{"code":"AUTH_UNAVAILABLE"}' })).toThrow(
      'got HTTP 503 {"code":"AUTH_UNAVAILABLE"}',
    );
    expect(() => checkAccepted({ ...accepted, id: undefined })).toThrow('202 with an order id');
    expect(() => checkAccepted({ ...accepted, location: '/orders/o-2' })).toThrow('Location /orders/o-2');
  });
});
