import { Demand } from './demand';

describe('Demand', () => {
  it('is wanted while a page is open, or for the linger time after an API read, and not otherwise', () => {
    let pages = 0;
    let now = 1_000;
    const demand = new Demand(
      () => pages,
      60_000,
      () => now,
    );
    expect(demand.wanted()).toBe(false);
    pages = 1;
    expect(demand.wanted()).toBe(true);
    pages = 0;
    demand.read();
    now += 59_999;
    expect(demand.wanted()).toBe(true);
    now += 2;
    expect(demand.wanted()).toBe(false);
  });
});
