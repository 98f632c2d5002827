import { z } from 'zod';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = Record<string, JsonValue>;

/**
 * zod → JSON Schema (draft-07, which AsyncAPI's default schema format extends), without `$schema`: the
 * one conversion of this package, used by the AsyncAPI document and the event schema snapshots alike.
 */
export function jsonSchemaOf(schema: z.ZodType): JsonObject {
  const generated = z.toJSONSchema(schema, { target: 'draft-07', io: 'input' }) as JsonObject;
  const { $schema: _ignored, ...rest } = generated;
  return rest;
}
