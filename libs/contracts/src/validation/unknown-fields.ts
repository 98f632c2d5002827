import type { z } from 'zod';

import { formatPath } from './field-path';

/** Whether fields a schema does not know are an error (a strict producer) or dropped (a tolerant reader). */
export type UnknownFields = 'reject' | 'ignore';

export type TolerantParse<T> =
  | { success: true; data: T; ignored: string[] }
  | { success: false; issues: z.core.$ZodIssue[]; ignored: string[] };

/**
 * `root` with the object at `path` lacking `keys`: only the containers along the path are copied (never
 * the rest of the value, which may be huge or deeply nested), so the input is left as it was.
 */
function withoutKeys(root: unknown, path: readonly PropertyKey[], keys: readonly string[]): unknown {
  if (typeof root !== 'object' || root === null) return root;
  const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...root }) as Record<PropertyKey, unknown>;
  const [step, ...rest] = path;
  if (step === undefined) {
    for (const key of keys) Reflect.deleteProperty(copy, key);
  } else {
    copy[step] = withoutKeys((root as Record<PropertyKey, unknown>)[step], rest, keys);
  }
  return copy;
}

/**
 * `schema.safeParse` as a tolerant reader: with `unknownFields: 'ignore'`, fields a strict object schema
 * does not know (at any depth) are dropped from a copy of the input and listed in `ignored`
 * (`data.items[0].giftWrap`), then the rest is validated as usual; every other problem still fails. With
 * `'reject'` it is plain strict parsing. Pure; the input is never changed.
 */
export function parseTolerantly<T>(
  schema: z.ZodType<T>,
  input: unknown,
  unknownFields: UnknownFields,
  prefix: readonly PropertyKey[] = [],
): TolerantParse<T> {
  const first = schema.safeParse(input, { reportInput: true });
  if (first.success) return { success: true, data: first.data, ignored: [] };
  const unknown = first.error.issues.filter((issue) => issue.code === 'unrecognized_keys');
  if (unknownFields === 'reject' || unknown.length === 0) {
    return { success: false, issues: first.error.issues, ignored: [] };
  }
  // zod reports the unknown keys of every strict object, at any depth, in one pass. The paths are as
  // deep as the schema (a few levels), whatever the input's own nesting.
  let copy = input;
  const ignored: string[] = [];
  for (const issue of unknown) {
    copy = withoutKeys(copy, issue.path, issue.keys);
    ignored.push(...issue.keys.map((key) => formatPath([...prefix, ...issue.path, key])));
  }
  const second = schema.safeParse(copy, { reportInput: true });
  return second.success
    ? { success: true, data: second.data, ignored }
    : { success: false, issues: second.error.issues, ignored };
}
