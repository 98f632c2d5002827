import { ZodValidationPipe } from '../validation/zod-validation.pipe';
import { cursorSchema, decodeCursor, encodeCursor, toPage } from './cursor';

const position = { at: '2026-12-06T04:36:42.123456Z', id: 'order-1' };

describe('keyset cursors', () => {
  it('round-trip a position, opaque and URL-safe', () => {
    const cursor = encodeCursor('orders', position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('orders', cursor)).toEqual(position);
  });

  it.each([
    ['a cursor of another list', encodeCursor('notifications', position)],
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('{[').toString('base64url')],
    ['the wrong shape', Buffer.from(JSON.stringify({ at: position.at })).toString('base64url')],
    ['milliseconds only', encodeCursor('orders', { ...position, at: '2026-12-06T04:36:42.123Z' })],
    ['a day that does not exist', encodeCursor('orders', { ...position, at: '2026-02-30T00:00:00.000000Z' })],
    [
      'a month that does not exist',
      encodeCursor('orders', { ...position, at: '2026-13-01T00:00:00.000000Z' }),
    ],
    ['an SQL fragment as time', encodeCursor('orders', { ...position, at: "now()'; --" })],
    ['an empty id', encodeCursor('orders', { ...position, id: '' })],
    ['a NUL in the id', encodeCursor('orders', { ...position, id: 'a\u0000' })],
    ['something too long', 'a'.repeat(600)],
  ])('refuse %s', (_name, cursor) => {
    expect(decodeCursor('orders', cursor)).toBeUndefined();
  });

  it('cursorSchema answers 400 naming cursor for a bad one', () => {
    const pipe = new ZodValidationPipe(cursorSchema('orders'), 'query');
    expect(pipe.transform(encodeCursor('orders', position))).toEqual(position);
    expect(() => pipe.transform('nope')).toThrow(/not a cursor of this list/);
  });

  it('toPage reads one row more than the page to know whether a next page exists', () => {
    const rows = [1, 2, 3].map((n) => ({
      id: `o${String(n)}`,
      at: `2026-12-06T04:36:4${String(n)}.000000Z`,
    }));
    const first = toPage(
      'orders',
      rows,
      2,
      (row) => row,
      (row) => row.id,
    );
    expect(first.items).toEqual(['o1', 'o2']);
    expect(decodeCursor('orders', first.nextCursor ?? '')).toEqual(rows[1]);
    expect(
      toPage(
        'orders',
        rows.slice(0, 2),
        2,
        (row) => row,
        (row) => row.id,
      ),
    ).toEqual({
      items: ['o1', 'o2'],
      nextCursor: null,
    });
    expect(
      toPage(
        'orders',
        [],
        2,
        (row: (typeof rows)[0]) => row,
        (row) => row.id,
      ),
    ).toEqual({
      items: [],
      nextCursor: null,
    });
  });
});
