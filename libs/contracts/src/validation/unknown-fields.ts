import type { z } from 'zod';

import { formatPath } from './field-path';

/** Whether fields a schema does not know are an error (a strict producer) or dropped (a tolerant reader). */
export type UnknownFields = 'reject' | 'ignore';

export type TolerantParse<T> =
  | { success: true; data: T; ignored: string[] }
  | { success: false; issues: z.core.$ZodIssue[]; ignored: string[] };

function dropAt(root: unknown, path: readonly PropertyKey[], keys: readonly string[]): void {
  let node: unknown = root;
  for (const step of path) {
    if (typeof node !== 'object' || node === null) return;
    node = (node as Record<PropertyKey, unknown>)[step];
  }
  if (typeof node !== 'object' || node === null) return;
  for (const key of keys) Reflect.deleteProperty(node, key);
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
  // zod reports the unknown keys of every strict object, at any depth, in one pass.
  const copy = structuredClone(input);
  const ignored: string[] = [];
  for (const issue of unknown) {
    dropAt(copy, issue.path, issue.keys);
    ignored.push(...issue.keys.map((key) => formatPath([...prefix, ...issue.path, key])));
  }
  const second = schema.safeParse(copy, { reportInput: true });
  return second.success
    ? { success: true, data: second.data, ignored }
    : { success: false, issues: second.error.issues, ignored };
}
