import { z } from 'zod';

import { parseTolerantly } from './unknown-fields';

const schema = z.strictObject({
  id: z.string(),
  lines: z.array(z.strictObject({ sku: z.string(), quantity: z.number() })),
});

describe('parseTolerantly', () => {
  it('drops unknown fields at any depth of the schema, names them, and leaves the input as it was', () => {
    const input = { id: 'a', extra: 1, lines: [{ sku: 'x', quantity: 1, note: 'n' }] };
    const before = JSON.stringify(input);
    expect(parseTolerantly(schema, input, 'ignore', ['data'])).toEqual({
      success: true,
      data: { id: 'a', lines: [{ sku: 'x', quantity: 1 }] },
      ignored: ['data.lines[0].note', 'data.extra'],
    });
    expect(JSON.stringify(input)).toBe(before);
  });

  it('still refuses every other problem; strictly, the unknown fields too', () => {
    const input = { id: 7, extra: 1, lines: [] };
    const tolerant = parseTolerantly(schema, input, 'ignore');
    expect(tolerant.success || tolerant.issues.map((issue) => issue.path.join('.'))).toEqual(['id']);
    const strict = parseTolerantly(schema, input, 'reject');
    expect(strict.success || strict.issues.map((issue) => issue.code).sort()).toEqual([
      'invalid_type',
      'unrecognized_keys',
    ]);
  });

  it('never throws on a hostile input: an unknown field beside a value nested 100,000 levels deep', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 100_000; level += 1) deep = { a: deep };
    const input = { id: 'a', extra: true, lines: [{ sku: 'x', quantity: deep }] };
    const result = parseTolerantly(schema, input, 'ignore');
    expect(result.success || result.issues.map((issue) => issue.path.join('.'))).toEqual([
      'lines.0.quantity',
    ]);
    expect(result.ignored).toEqual(['extra']);
  });
});
