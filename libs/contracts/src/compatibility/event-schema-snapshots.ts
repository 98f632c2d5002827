import type { z } from 'zod';

import { type JsonObject, jsonSchemaOf } from '../asyncapi/json-schema';
import { MESSAGE_DATA_SCHEMAS } from '../events/message-registry';

/**
 * The committed JSON Schema of every message type's `data`: libs/contracts/event-schemas/<type>.json,
 * written by `pnpm events:snapshot`, compared with the code by `pnpm events:check`. Built by the same
 * zod → JSON Schema conversion as the AsyncAPI document, so both say the same.
 */
export const EVENT_SCHEMAS_DIR = 'event-schemas';

const JSON_SCHEMA_DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
const SNAPSHOT_SUFFIX = '.json';

/** `commlab.order.placed.v1` → `commlab.order.placed.v1.json`. */
export function snapshotFileName(type: string): string {
  return `${type}${SNAPSHOT_SUFFIX}`;
}

/** The message type a file of the snapshot folder is for, or undefined for any other file. */
export function typeOfSnapshotFile(fileName: string): string | undefined {
  return fileName.endsWith(SNAPSHOT_SUFFIX) ? fileName.slice(0, -SNAPSHOT_SUFFIX.length) : undefined;
}

/** Every registered type's snapshot as it should read, in registry order (a standalone draft-07 schema). */
export function eventSchemaSnapshots(
  registry: Readonly<Record<string, z.ZodType>> = MESSAGE_DATA_SCHEMAS,
): Map<string, JsonObject> {
  return new Map(
    Object.entries(registry).map(([type, schema]) => [
      type,
      { $schema: JSON_SCHEMA_DRAFT_07, ...jsonSchemaOf(schema) },
    ]),
  );
}
