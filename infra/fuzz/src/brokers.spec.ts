import { CAUGHT_UP_GROUPS } from './brokers';

describe('the consumer groups the fuzz waits for', () => {
  it("include inventory's choreography consumer of orders beside reporting, order and the ReserveStock server", () => {
    expect(Object.fromEntries(CAUGHT_UP_GROUPS)).toEqual({
      reporting: ['orders', 'inventory'],
      order: ['inventory'],
      'inventory-reserve-stock': ['inventory.reserve-stock'],
      'inventory-order-events': ['orders'],
    });
  });
});
