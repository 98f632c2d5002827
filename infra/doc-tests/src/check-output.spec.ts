import { unmet, unmetAll } from './check-output';

describe('checking a block output', () => {
  const output = 'HTTP/1.1 202 Accepted\nlocation: /orders/42\n\n{"id":"42","status":"PENDING"}\n';

  it('matches an output block line by line, in order, with … for anything', () => {
    expect(
      unmet(
        {
          kind: 'output',
          lines: ['HTTP/1.1 202 Accepted', 'location: /orders/…', '{"id":"…","status":"PENDING"}'],
        },
        output,
      ),
    ).toBeUndefined();
    expect(unmet({ kind: 'output', lines: ['{"id":"…"', 'HTTP/1.1 202'] }, output)).toMatch(
      /missing .*HTTP\/1.1 202/,
    );
    expect(unmet({ kind: 'output', lines: ['status: 201'] }, output)).toMatch(/missing/);
  });

  it('takes the special characters of an output line literally', () => {
    expect(unmet({ kind: 'output', lines: ['(a+b)*[c]'] }, 'x (a+b)*[c] y')).toBeUndefined();
    expect(unmet({ kind: 'output', lines: ['(a+b)*[c]'] }, 'aab c')).toBeDefined();
  });

  it('checks contains, matches and absent', () => {
    expect(
      unmetAll(
        [
          { kind: 'contains', text: 'PENDING' },
          { kind: 'matches', pattern: /\/orders\/\d+/ },
        ],
        output,
      ),
    ).toEqual([]);
    expect(
      unmetAll(
        [
          { kind: 'absent', text: 'PENDING' },
          { kind: 'contains', text: 'CONFIRMED' },
        ],
        output,
      ),
    ).toEqual(['expected the output NOT to contain "PENDING"', 'expected the output to contain "CONFIRMED"']);
  });
});
