import { PGLITE_PARSERS, toLocalRows, toPgliteParam } from './pglite-values';

function parse(oid: number, text: string): unknown {
  const parser = PGLITE_PARSERS[oid];
  if (parser === undefined) throw new Error(`no parser for ${oid}`);
  return parser(text);
}

describe('PGLITE_PARSERS', () => {
  it('parses timestamptz and timestamp (as UTC) into Dates, keeping microsecond input', () => {
    expect(parse(1184, '2026-11-22 05:54:50.123+00')).toEqual(new Date('2026-11-22T05:54:50.123Z'));
    expect(parse(1184, '2026-11-22 07:54:50+02')).toEqual(new Date('2026-11-22T05:54:50Z'));
    expect(parse(1184, '2026-11-22 11:24:50+05:30')).toEqual(new Date('2026-11-22T05:54:50Z'));
    expect(parse(1114, '2026-11-22 05:54:50.123456')).toEqual(new Date('2026-11-22T05:54:50.123Z'));
    expect(parse(1184, 'infinity')).toBe('infinity');
  });

  it('keeps int8, numeric and date as strings, parses JSON and bytea', () => {
    expect(parse(20, '9007199254740993')).toBe('9007199254740993');
    expect(parse(1700, '1.50')).toBe('1.50');
    expect(parse(1082, '2026-01-02')).toBe('2026-01-02');
    expect(parse(3802, '{"a":1}')).toStrictEqual({ a: 1 });
    expect(parse(17, '\\x0aff')).toStrictEqual(Buffer.from([10, 255]));
  });
});

describe('toPgliteParam', () => {
  it('converts what PGlite could misread across realms', () => {
    expect(toPgliteParam(new Date('2026-11-22T05:54:50.123Z'))).toBe('2026-11-22T05:54:50.123Z');
    expect(toPgliteParam(Buffer.from([1, 2]))).toBe('\\x0102');
    expect(toPgliteParam(10n)).toBe('10');
    expect(toPgliteParam({ a: 1 })).toBe('{"a":1}');
    expect(toPgliteParam([1, new Date(0)])).toStrictEqual([1, '1970-01-01T00:00:00.000Z']);
    expect(toPgliteParam(undefined)).toBeNull();
    expect(toPgliteParam('x')).toBe('x');
  });
});

describe('toLocalRows', () => {
  it('copies rows into plain objects', () => {
    const rows = [Object.create(null) as Record<string, unknown>];
    rows[0]!.a = 1;
    const local = toLocalRows<{ a: number }>(rows);
    expect(local).toStrictEqual([{ a: 1 }]);
    expect(local[0]).not.toBe(rows[0]);
  });
});
