import { callEnd } from './call-end';

describe('callEnd', () => {
  it('is the moment the call settled when it gave none', () => {
    expect(callEnd(undefined, 500n)).toBe(500n);
  });

  it('is the moment the call gave, the operation having ended in another process', () => {
    expect(callEnd(420n, 500n)).toBe(420n);
  });

  it('never lies past the moment the call settled', () => {
    expect(callEnd(900n, 500n)).toBe(500n);
  });
});
