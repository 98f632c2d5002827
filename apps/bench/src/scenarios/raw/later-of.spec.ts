import { laterOf } from './later-of';

describe('laterOf', () => {
  it('is the later moment, whichever comes first', () => {
    expect(laterOf([3n, 7n])).toBe(7n);
    expect(laterOf([9n, 7n])).toBe(9n);
  });
});
