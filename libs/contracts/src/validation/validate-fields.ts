import type { z } from 'zod';

import { describeZodIssues, type FieldProblem } from '../events/parse-message';
import { findControlCharacters } from './control-characters';

export type FieldsResult<T> =
  { ok: true; value: T } | { ok: false; fields: FieldProblem[]; cause?: z.ZodError };

/**
 * The edge check of every request, whatever the transport: no control character in any string (see
 * `findControlCharacters`), then the schema. Failure lists every bad field, control characters first.
 */
export function validateFields<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
): FieldsResult<z.infer<Schema>> {
  const controls = findControlCharacters(value);
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success && controls.length === 0) return { ok: true, value: result.data };
  const schemaProblems = result.success ? [] : describeZodIssues(result.error.issues, []);
  // A string with a NUL usually breaks the schema too (a pattern, a URL): name the field once.
  const flagged = new Set(controls.map(({ path }) => path));
  const fields = [...controls, ...schemaProblems.filter(({ path }) => !flagged.has(path))];
  return result.success ? { ok: false, fields } : { ok: false, fields, cause: result.error };
}
