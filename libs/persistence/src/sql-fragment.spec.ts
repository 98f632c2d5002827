import { placeholdersFrom } from './sql-fragment';

describe('placeholdersFrom', () => {
  it('numbers a fragment’s parameters from the caller’s next free number', () => {
    const at = placeholdersFrom(7);
    expect([0, 1, 5].map(at)).toEqual(['$7', '$8', '$12']);
  });

  it('refuses a first number a statement cannot have', () => {
    expect(() => placeholdersFrom(0)).toThrow(RangeError);
    expect(() => placeholdersFrom(1.5)).toThrow(/numbered from 1/);
  });
});
