import { StatementNames } from './statement-names';

describe('StatementNames', () => {
  it('names the same text the same way, different texts differently', () => {
    const names = new StatementNames();
    const a = names.nameOf('SELECT 1 WHERE $1 = 1');
    expect(a).toMatch(/^s[0-9a-f]{24}$/);
    expect(names.nameOf('SELECT 1 WHERE $1 = 1')).toBe(a);
    expect(names.nameOf('SELECT 2 WHERE $1 = 1')).not.toBe(a);
    expect(new StatementNames().nameOf('SELECT 1 WHERE $1 = 1')).toBe(a);
  });

  it('stops naming new texts past its bound, so dynamic SQL cannot grow it forever', () => {
    const names = new StatementNames();
    for (let i = 0; i < 2_000; i += 1) expect(names.nameOf(`SELECT ${String(i)}`)).toBeDefined();
    expect(names.nameOf('SELECT 2000')).toBeUndefined();
    expect(names.nameOf('SELECT 0')).toBeDefined(); // known texts keep their names
  });
});
