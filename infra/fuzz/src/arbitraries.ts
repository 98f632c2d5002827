import fc from 'fast-check';

/**
 * Hostile input: the shapes an edge must refuse with a clear 4xx (or dead-letter), never a 5xx, INTERNAL
 * or a crash. Sizes stay bounded (a few hundred kB at most) so one run stays in memory and in time.
 */

/** Strings that have broken parsers and validators before. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u001b[31m',
  '\r\n',
  '\u2028\u2029',
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\ufeff',
  '\u202e',
  '%00',
  '%ZZ',
  '%C0%AF',
  '../../../etc/passwd',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  "' OR 1=1 --",
  '"; DROP TABLE orders; --',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  'http://127.0.0.1:1/',
  'http://user:pass@example.com/',
  'file:///etc/passwd',
  'mug-red',
  'MUG-RED',
  'alice@example.com',
  'Bearer x',
  'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
];

export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('a', '\u0000', '\ud800', 'é', '💥', '%'), fc.constantFrom(1_000, 70_000, 300_000))
  .map(([unit, length]) => unit.repeat(length));

/** Any string: unicode (lone surrogates included), control characters, nasty constants, huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.integer({ min: 0, max: 0x1f }), { minLength: 1, maxLength: 8 })
      .map((codes) => String.fromCharCode(...codes)),
  },
  { weight: 1, arbitrary: hugeString },
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(
    0,
    -0,
    -1,
    1,
    0.5,
    -0.5,
    2 ** 31,
    2 ** 32,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 53) - 2,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.MIN_VALUE,
    1e21,
    10_001,
    1_000_001,
  ),
);

/** Nesting far deeper than any schema: arrays or objects, 50 to 5,000 levels. */
export const deepNesting: fc.Arbitrary<unknown> = fc
  .tuple(fc.constantFrom(50, 600, 2_000), fc.boolean())
  .map(([depth, arrays]) => {
    let value: unknown = 1;
    for (let level = 0; level < depth; level++) value = arrays ? [value] : { a: value };
    return value;
  });

/** Any JSON value of any type, with hostile strings and keys. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    hostileNumber,
    hostileString,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor')), tie('value'), {
      maxKeys: 5,
    }),
  ),
})).value;

/** Any value a field might be given: hostile JSON, deep nesting or a huge array. */
export const hostileField: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileJson },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: fc.constantFrom(10_001, 1_001).map((length) => Array.from({ length }, () => 1)) },
);

/** The paths into a JSON value (for mutation), down to a few levels (a deep nest is not walked). */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(prefix);
  if (prefix.length >= 6) return out;
  if (Array.isArray(value)) value.forEach((item, index) => paths(item, [...prefix, index], out));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) paths(item, [...prefix, key], out);
  return out;
}

interface Mutation {
  kind: 'replace' | 'delete' | 'add';
  at: number;
  key: string;
  value: unknown;
}

/** A shallow copy of an array or object (other values as they are). */
function shallow(value: unknown): unknown {
  if (Array.isArray(value)) return [...(value as unknown[])];
  if (value !== null && typeof value === 'object') return { ...(value as Record<string, unknown>) };
  return value;
}

/**
 * The value with one mutation applied at one of its paths. Only the containers along that path are
 * copied (a generated value may nest thousands of levels, which a deep clone would not survive).
 */
function applyMutation(valid: unknown, mutation: Mutation): unknown {
  const all = paths(valid);
  const path = all[mutation.at % all.length] ?? [];
  if (path.length === 0) return mutation.kind === 'replace' ? mutation.value : valid;
  const copy = shallow(valid);
  let parent = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) {
    const child = shallow(parent[step]);
    parent[step] = child;
    parent = child as Record<string | number, unknown>;
  }
  const last = path.at(-1);
  if (last === undefined) return copy;
  if (mutation.kind === 'replace') parent[last] = mutation.value;
  else if (mutation.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else Reflect.deleteProperty(parent, last);
  } else {
    const target = shallow(parent[last]);
    if (target !== null && typeof target === 'object' && !Array.isArray(target))
      (target as Record<string, unknown>)[mutation.key] = mutation.value;
    parent[last] =
      target !== null && typeof target === 'object' && !Array.isArray(target) ? target : mutation.value;
  }
  return copy;
}

/** A valid value with one to three fields replaced, deleted or added (so deep code paths are reached). */
export function mutationOf(valid: unknown): fc.Arbitrary<unknown> {
  const mutation: fc.Arbitrary<Mutation> = fc.record({
    kind: fc.constantFrom('replace', 'replace', 'delete', 'add'),
    at: fc.nat(),
    key: fc.oneof(hostileString, fc.constantFrom('extra', '__proto__')),
    value: hostileField,
  });
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(valid) },
    {
      weight: 6,
      arbitrary: fc
        .array(mutation, { minLength: 1, maxLength: 3 })
        .map((mutations) => mutations.reduce<unknown>((value, next) => applyMutation(value, next), valid)),
    },
  );
}

/** Bytes that are no valid UTF-8 (overlong forms, lone continuation bytes, surrogates, truncation). */
export const invalidUtf8: fc.Arbitrary<Buffer> = fc.oneof(
  fc.constantFrom(
    Buffer.from([0xc0, 0xaf]),
    Buffer.from([0x80]),
    Buffer.from([0xed, 0xa0, 0x80]),
    Buffer.from([0xf4, 0x90, 0x80, 0x80]),
    Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
    Buffer.from([0xe2, 0x82]),
  ),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
);

/** JSON.stringify as it behaves: undefined for undefined (its declared type says string). */
export const stringify = JSON.stringify as (value: unknown) => string | undefined;

/** JSON text of a value; a nest too deep for JSON.stringify becomes a 20,000-level array text instead. */
function toJsonBytes(value: unknown): Buffer {
  try {
    // undefined (a value JSON cannot hold at the top) is sent as null.
    return Buffer.from(stringify(value) ?? 'null');
  } catch {
    return Buffer.from(`${'['.repeat(20_000)}${']'.repeat(20_000)}`);
  }
}

/** A body as sent on the wire: JSON of anything, a mutation of a valid body, raw bytes or junk text. */
export { toJsonBytes };

export function hostileBody(valid: unknown): fc.Arbitrary<Buffer> {
  return fc.oneof(
    { weight: 4, arbitrary: mutationOf(valid).map(toJsonBytes) },
    { weight: 2, arbitrary: hostileField.map(toJsonBytes) },
    { weight: 1, arbitrary: invalidUtf8 },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('', '{', '{"a":', '[1,2', 'null', '"x"', '{"a":1}{', 'true', '1e999')
        .map((text) => Buffer.from(text)),
    },
    { weight: 1, arbitrary: hostileString.map((text) => Buffer.from(text)) },
  );
}

export const hostileContentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      undefined,
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/octet-stream',
      'application/xml',
      'application/*',
      ';;;',
      'application/json; charset="\\"',
    ),
  },
);
