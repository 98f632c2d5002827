import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

/**
 * The Compose Specification's JSON schema — what Docker Compose v2 (`docker compose`, compose-go)
 * validates a file against — as the npm package `dclint` ships it (schemas/compose.schema.json). The
 * Debian `docker-compose` 1.29 that `docker-compose config` runs is the Python v1 and knows only its own
 * older schema; this check covers v2's.
 */
export function composeSpecSchemaPath(): string {
  return join(dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');
}

let validator: ValidateFunction | undefined;

function composeSpecValidator(): ValidateFunction {
  if (validator === undefined) {
    const schema = JSON.parse(readFileSync(composeSpecSchemaPath(), 'utf8')) as Record<string, unknown>;
    // The schema is draft-07, Ajv's default dialect; its "$schema" spells the draft's URI with https,
    // which Ajv does not recognise, so it is left out. strict: false — the schema uses annotations
    // (e.g. "deprecated") that Ajv's strict mode refuses.
    const { $schema: _dialect, ...draft07 } = schema;
    validator = new Ajv({ allErrors: true, strict: false }).compile(draft07);
  }
  return validator;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(top level)' : error.instancePath.slice(1).replaceAll('/', '.');
  const extra =
    error.keyword === 'additionalProperties'
      ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
      : '';
  return `${where}: ${error.message ?? error.keyword}${extra}`;
}

/**
 * Every way a compose file's text breaks the Compose Specification (empty = valid). YAML anchors and `<<`
 * merge keys are resolved first, as Compose v2 does.
 */
export function composeSpecProblems(text: string): string[] {
  const document: unknown = parse(text, { merge: true, maxAliasCount: -1 });
  const validate = composeSpecValidator();
  if (validate(document)) return [];
  // anyOf/oneOf branches repeat the same place; keep one line per message.
  return [...new Set((validate.errors ?? []).map(describe))];
}
