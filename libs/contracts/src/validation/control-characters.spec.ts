import { z } from 'zod';

import { parseMessage } from '../events/parse-message';
import { RESERVE_STOCK_V1 } from '../events/reserve-stock/reserve-stock.v1';
import { sampleMessages } from '../events/testing/sample-messages';
import { findControlCharacters, isFreeOfControlCharacters } from './control-characters';
import { validateFields } from './validate-fields';

describe('the control-character rule', () => {
  it.each([
    ['NUL', '\u0000', 'U+0000'],
    ['a tab', 'a\tb', 'U+0009'],
    ['a newline', 'a\nb', 'U+000A'],
    ['a carriage return', 'a\r\nSet-Cookie: x', 'U+000D'],
    ['ESC', '\u001b[31m', 'U+001B'],
    ['DEL', 'a\u007f', 'U+007F'],
    ['a C1 control', 'a\u0085', 'U+0085'],
    ['C1 CSI', '\u009b', 'U+009B'],
  ])('refuses %s', (_name, text, codePoint) => {
    expect(isFreeOfControlCharacters(text)).toBe(false);
    expect(findControlCharacters({ field: text })).toEqual([
      { path: 'field', problem: expect.stringContaining(codePoint) as string },
    ]);
  });

  it.each([
    ['plain text', 'order-42'],
    ['an empty string', ''],
    ['a space', 'a b'],
    ['non-ASCII letters', 'Zoë 東京'],
    ['U+00A0 (after the C1 block)', 'a\u00a0b'],
    ['an emoji', '📦'],
    ['a percent-encoded NUL (text, not a control character)', 'a%00b'],
  ])('accepts %s', (_name, text) => {
    expect(isFreeOfControlCharacters(text)).toBe(true);
    expect(findControlCharacters({ field: text })).toEqual([]);
  });

  it('names every bad string and key, in arrays and nested objects, with the index of the character', () => {
    expect(
      findControlCharacters(
        { ids: ['ok', 'a\u0000'], nested: { deep: [{ x: 'y\n' }] }, ['k\u0000']: 'v', n: 1, b: null },
        ['data'],
      ),
    ).toEqual([
      { path: 'data.ids[1]', problem: expect.stringMatching(/U\+0000 at index 1$/) as string },
      { path: 'data.nested.deep[0].x', problem: expect.stringMatching(/U\+000A at index 1$/) as string },
      { path: 'data."k\\u0000"', problem: expect.stringMatching(/^field name must not/) as string },
    ]);
  });

  it('checks a bare string (a path parameter)', () => {
    expect(findControlCharacters('a\u0000b')).toEqual([
      { path: '', problem: expect.stringContaining('U+0000') as string },
    ]);
  });

  it('validateFields names the field once, even when the schema refuses the same string', () => {
    const schema = z.strictObject({ sku: z.string().regex(/^[a-z-]+$/), note: z.string().optional() });
    const result = validateFields(schema, { sku: 'mug\u0000', note: 'x\u0001' });
    expect(result).toEqual({
      ok: false,
      fields: [
        { path: 'sku', problem: expect.stringContaining('control characters') as string },
        { path: 'note', problem: expect.stringContaining('control characters') as string },
      ],
      cause: expect.any(z.ZodError) as z.ZodError,
    });
    expect(validateFields(schema, { sku: 'mug' })).toEqual({ ok: true, value: { sku: 'mug' } });
  });

  it('never echoes the credentials of a URL it quotes as the bad input', () => {
    const schema = z.strictObject({ url: z.string().refine(() => false, 'no') });
    const result = validateFields(schema, { url: 'https://user:s3cret@hooks.example.com/x' });
    expect(JSON.stringify(result.ok ? result.value : result.fields)).not.toContain('s3cret');
    expect(result).toMatchObject({
      ok: false,
      fields: [{ path: 'url', problem: 'no, got "https://***@hooks.example.com/x"' }],
    });
  });

  it('parseMessage refuses a message whose data or envelope carries a control character', () => {
    const command = sampleMessages()[RESERVE_STOCK_V1];
    const bad = { ...command, data: { ...command.data, reservationId: 'r\u0000' } };
    const result = parseMessage(JSON.stringify(bad));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'MESSAGE_INVALID_DATA', issues: [{ path: 'data.reservationId' }] },
    });
    const envelope = parseMessage(JSON.stringify({ ...command, source: '/x\u0000' }));
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'MESSAGE_INVALID_ENVELOPE', issues: [{ path: 'source' }] },
    });
  });
});
