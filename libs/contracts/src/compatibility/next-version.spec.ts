import { nextVersionOf } from './next-version';

describe('nextVersionOf', () => {
  it('counts the version at the end of the type name up by one', () => {
    expect(nextVersionOf('commlab.order.placed.v1')).toBe('commlab.order.placed.v2');
    expect(nextVersionOf('commlab.inventory.reserve-stock.v9')).toBe('commlab.inventory.reserve-stock.v10');
  });

  it('starts at v2 for a name without a version', () => {
    expect(nextVersionOf('commlab.order.placed')).toBe('commlab.order.placed.v2');
  });
});
