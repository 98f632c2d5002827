/**
 * Makes PGlite hand back the same JavaScript values as node-postgres does here, so code written against one
 * backend works on the other:
 *  - int8 and numeric → string (PGlite: number), timestamp/timestamptz → Date, date → 'YYYY-MM-DD' string
 *    (the PostgreSQL backend is configured the same way), json/jsonb → parsed, bytea → Buffer.
 *  - Rows are copied into plain objects, so `toStrictEqual` compares them like node-postgres rows.
 *  - Parameters: Date → ISO string, Buffer/Uint8Array → bytea hex, bigint → string, plain objects → JSON text.
 */

const OID = {
  bytea: 17,
  int8: 20,
  json: 114,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
  jsonb: 3802,
} as const;

type Parser = (value: string, typeId?: number) => unknown;

const identity: Parser = (value) => value;

function parseTimestamp(value: string): Date | string {
  if (value === 'infinity' || value === '-infinity') return value;
  // PostgreSQL's ISO output: '2026-11-22 05:54:50.123+00' or without zone for timestamp (read as UTC).
  const iso = value.replace(' ', 'T');
  const withZone = /([+-]\d\d(:?\d\d)?|Z)$/.test(iso) ? iso.replace(/([+-]\d\d)$/, '$1:00') : `${iso}Z`;
  const date = new Date(withZone);
  return Number.isNaN(date.getTime()) ? value : date;
}

export const PGLITE_PARSERS: Record<number, Parser> = {
  [OID.int8]: identity,
  [OID.numeric]: identity,
  [OID.date]: identity,
  [OID.timestamp]: parseTimestamp,
  [OID.timestamptz]: parseTimestamp,
  [OID.json]: (value) => JSON.parse(value) as unknown,
  [OID.jsonb]: (value) => JSON.parse(value) as unknown,
  [OID.bytea]: (value) => Buffer.from(value.startsWith('\\x') ? value.slice(2) : value, 'hex'),
};

function tagOf(value: unknown): string {
  return Object.prototype.toString.call(value);
}

/** One parameter as PGlite should receive it. */
export function toPgliteParam(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return value;
  if (tagOf(value) === '[object Date]') return (value as Date).toISOString();
  if (ArrayBuffer.isView(value)) {
    const { buffer, byteOffset, byteLength } = value;
    return `\\x${Buffer.from(buffer, byteOffset, byteLength).toString('hex')}`;
  }
  if (Array.isArray(value)) return value.map(toPgliteParam);
  return JSON.stringify(value);
}

export function toPgliteParams(params: readonly unknown[] | undefined): unknown[] {
  return params === undefined ? [] : params.map(toPgliteParam);
}

/** Copies rows into plain objects in a plain array. */
export function toLocalRows<Row>(rows: readonly unknown[]): Row[] {
  return Array.from(rows, (row) => ({ ...(row as Record<string, unknown>) }) as Row);
}
