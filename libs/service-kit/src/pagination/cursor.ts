import { isFreeOfControlCharacters } from '@commlab/contracts';
import { z } from 'zod';

/**
 * Keyset (cursor) pagination for list endpoints: a page ends at the last row's (time, id), and the next
 * page starts strictly after it in the list's order. Unlike an offset, rows added or deleted meanwhile
 * never shift a page, and the database walks an index instead of skipping rows.
 *
 * The cursor is opaque to clients (base64url of `[list, time, id]`): they pass `nextCursor` back as
 * `?cursor=` and nothing else. The time is the row's timestamptz at full microsecond precision, as
 * `cursorTimeSql` writes it in SQL (a JS Date would round it to milliseconds and skip or repeat rows).
 */
export interface KeysetPosition {
  /** `2026-12-06T04:36:42.123456Z`: the row's timestamp at microsecond precision, UTC. */
  at: string;
  /** The row's id: the tie-breaker between rows with the same time. */
  id: string;
}

export interface Page<T> {
  items: T[];
  /** Pass as `?cursor=` for the next page; null on the last page. */
  nextCursor: string | null;
}

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const MAX_CURSOR_LENGTH = 512;

/**
 * The SQL expression of a timestamptz column as a cursor time: UTC, microseconds, ISO 8601 — read back
 * exactly by `$n::timestamptz` whatever the session's DateStyle or TimeZone.
 */
export function cursorTimeSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export function encodeCursor(list: string, position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([list, position.at, position.id]), 'utf8').toString('base64url');
}

/** A real calendar time in the cursor format (a client can edit a cursor; the database must not fail). */
function isCursorTime(text: string): boolean {
  if (!TIME.test(text)) return false;
  const parsed = Date.parse(text);
  return !Number.isNaN(parsed) && new Date(parsed).toISOString().slice(0, 19) === text.slice(0, 19);
}

/** The position a cursor of `list` points at, or undefined for anything else (edited, another list's). */
export function decodeCursor(list: string, cursor: string): KeysetPosition | undefined {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 3) return undefined;
  const [kind, at, id] = value as unknown[];
  if (kind !== list || typeof at !== 'string' || typeof id !== 'string') return undefined;
  if (!isCursorTime(at) || id.length === 0 || id.length > 256) return undefined;
  // The edge rule, for the id hidden inside the cursor.
  if (!isFreeOfControlCharacters(id)) return undefined;
  return { at, id };
}

/** `?cursor=` of `list`: decoded to its position, or a 400 naming `cursor`. */
export function cursorSchema(list: string) {
  return z.string().transform((cursor, ctx): KeysetPosition => {
    const position = decodeCursor(list, cursor);
    if (position === undefined) {
      ctx.addIssue({ code: 'custom', message: 'not a cursor of this list: pass nextCursor back unchanged' });
      return z.NEVER;
    }
    return position;
  });
}

/**
 * One page from `limit + 1` rows read in the list's order: the extra row only says whether there is a
 * next page, whose cursor is the last returned row's position.
 */
export function toPage<Row, T>(
  list: string,
  rows: readonly Row[],
  limit: number,
  positionOf: (row: Row) => KeysetPosition,
  toItem: (row: Row) => T,
): Page<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(list, positionOf(last)) : null;
  return { items: pageRows.map(toItem), nextCursor };
}
