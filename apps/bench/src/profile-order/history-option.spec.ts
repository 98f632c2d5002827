import { MAX_HISTORY, parseHistory } from './history-option';

describe('parseHistory', () => {
  it('reads a whole number of past orders, with or without separators', () => {
    expect(parseHistory('100000')).toBe(100_000);
    expect(parseHistory('100_000')).toBe(100_000);
    expect(parseHistory('100,000')).toBe(100_000);
    expect(parseHistory('1')).toBe(1);
    expect(parseHistory(String(MAX_HISTORY))).toBe(MAX_HISTORY);
  });

  it('is undefined without the option', () => {
    expect(parseHistory(undefined)).toBeUndefined();
  });

  it.each(['', '0', '-5', '1.5', '1e5', 'abc', '100k', String(MAX_HISTORY + 1)])('refuses %p', (value) => {
    const result = parseHistory(value);
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toContain(`got '${value}'`);
  });
});
