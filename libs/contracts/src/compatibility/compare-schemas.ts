import { isDeepStrictEqual } from 'node:util';

import type { JsonObject, JsonValue } from '../asyncapi/json-schema';

/**
 * Is the current JSON Schema of a message type still readable as the previous one, within one version?
 *
 * Producers are strict, consumers ignore unknown fields, and a topic keeps old messages that new readers
 * replay: so the one compatible change is a new OPTIONAL field (at any depth) of an object that allowed
 * no unknown fields before, besides descriptions and other annotations. Everything else — a field
 * added as required, removed, made optional or required, a type, format, pattern, const, enum value,
 * bound or item schema changed — is a breaking change, listed with the data path it touches.
 * Pure: JSON in, problems out (docs/events.md, "Changing an event without breaking its readers").
 */

export interface SchemaProblem {
  /** Where in the message data: `$.items[*].quantity`; `/keyword` marks a subschema that is not data. */
  path: string;
  /** What changed, in words. */
  change: string;
}

/** Keywords that only document: a change to them is never breaking. */
const ANNOTATIONS = new Set(['description', 'title', 'examples', '$comment', 'deprecated']);
/** Keywords holding one subschema that is not a data location of its own. */
const SUBSCHEMA_KEYWORDS = new Set([
  'propertyNames',
  'not',
  'contains',
  'if',
  'then',
  'else',
  'additionalItems',
]);
const ALTERNATIVES_KEYWORDS = new Set(['anyOf', 'oneOf', 'allOf']);
const DEFINITIONS_KEYWORDS = new Set(['definitions', '$defs']);

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: JsonValue | undefined): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function propertyPath(path: string, name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}

function stringsOf(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function asSet(value: JsonValue | undefined): JsonValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Lists the breaking changes from `previous` to `current`; empty when every reader of one reads the other. */
export function compareSchemas(previous: JsonValue, current: JsonValue): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  compareNode(previous, current, '$', problems);
  return problems;
}

function compareNode(
  previous: JsonValue | undefined,
  current: JsonValue | undefined,
  path: string,
  problems: SchemaProblem[],
): void {
  if (!isObject(previous) || !isObject(current)) {
    if (!isDeepStrictEqual(previous, current)) {
      problems.push({ path, change: `schema changed from ${show(previous)} to ${show(current)}` });
    }
    return;
  }
  const keywords = [...new Set([...Object.keys(previous), ...Object.keys(current)])].filter(
    (keyword) => !ANNOTATIONS.has(keyword),
  );
  if (keywords.includes('properties') || keywords.includes('required')) {
    compareFields(previous, current, path, problems);
  }
  for (const keyword of keywords) {
    if (keyword === 'properties' || keyword === 'required') continue;
    compareKeyword({ keyword, previous: previous[keyword], current: current[keyword], path }, problems);
  }
}

/** One keyword of a schema node, before and after. */
interface KeywordDiff<Value = JsonValue | undefined> {
  keyword: string;
  previous: Value;
  current: Value;
  path: string;
}

function compareKeyword(diff: KeywordDiff, problems: SchemaProblem[]): void {
  const { keyword, previous, current, path } = diff;
  if (keyword === 'enum' || keyword === 'type') {
    compareValueSets(diff, problems);
  } else if (keyword === 'items' && isObject(previous) && isObject(current)) {
    compareNode(previous, current, `${path}[*]`, problems);
  } else if (keyword === 'items' && Array.isArray(previous) && Array.isArray(current)) {
    compareList({ keyword, previous, current, path }, (index) => `${path}[${index}]`, problems);
  } else if (keyword === 'additionalProperties' && isObject(previous) && isObject(current)) {
    compareNode(previous, current, `${path}.*`, problems);
  } else if (SUBSCHEMA_KEYWORDS.has(keyword) && isObject(previous) && isObject(current)) {
    compareNode(previous, current, `${path}/${keyword}`, problems);
  } else if (ALTERNATIVES_KEYWORDS.has(keyword) && Array.isArray(previous) && Array.isArray(current)) {
    compareList({ keyword, previous, current, path }, (index) => `${path}/${keyword}[${index}]`, problems);
  } else if (keyword === 'patternProperties' && isObject(previous) && isObject(current)) {
    compareSchemaMap({ keyword, previous, current, path }, problems);
  } else if (DEFINITIONS_KEYWORDS.has(keyword) && isObject(previous) && isObject(current)) {
    // An added or dropped definition changes nothing by itself: the $ref that uses it is compared.
    for (const name of Object.keys(previous).filter((name) => Object.hasOwn(current, name))) {
      compareNode(previous[name], current[name], `#/${keyword}/${name}`, problems);
    }
  } else {
    compareValue(diff, problems);
  }
}

/** `properties` with `required`: the one place where something may be added compatibly. */
function compareFields(
  previous: JsonObject,
  current: JsonObject,
  path: string,
  problems: SchemaProblem[],
): void {
  const before = isObject(previous.properties) ? previous.properties : {};
  const after = isObject(current.properties) ? current.properties : {};
  const requiredBefore = new Set(stringsOf(previous.required));
  const requiredAfter = new Set(stringsOf(current.required));
  const closedBefore = previous.additionalProperties === false;

  for (const name of Object.keys(before)) {
    const at = propertyPath(path, name);
    if (!Object.hasOwn(after, name)) {
      problems.push({
        path: at,
        change: `${requiredBefore.has(name) ? 'required' : 'optional'} field removed`,
      });
      continue;
    }
    if (requiredBefore.has(name) && !requiredAfter.has(name)) {
      problems.push({ path: at, change: 'field changed from required to optional' });
    } else if (!requiredBefore.has(name) && requiredAfter.has(name)) {
      problems.push({ path: at, change: 'field changed from optional to required' });
    }
    compareNode(before[name], after[name], at, problems);
  }
  for (const name of Object.keys(after).filter((name) => !Object.hasOwn(before, name))) {
    const at = propertyPath(path, name);
    if (requiredAfter.has(name)) {
      problems.push({ path: at, change: 'required field added (old messages do not have it)' });
    } else if (!closedBefore) {
      problems.push({
        path: at,
        change:
          'optional field added to an object that allowed unknown fields: old messages may already carry it with any value',
      });
    }
  }
  // `required` names without a property schema on either side.
  for (const name of new Set([...requiredBefore, ...requiredAfter])) {
    if (Object.hasOwn(before, name) || Object.hasOwn(after, name)) continue;
    if (requiredBefore.has(name) !== requiredAfter.has(name)) {
      problems.push({
        path: propertyPath(path, name),
        change: requiredAfter.has(name)
          ? 'field changed from optional to required'
          : 'field changed from required to optional',
      });
    }
  }
}

/** `enum` and `type`: their order does not matter, any value added or removed does. */
function compareValueSets(diff: KeywordDiff, problems: SchemaProblem[]): void {
  const { keyword, previous, current, path } = diff;
  if (previous === undefined || current === undefined) {
    compareValue(diff, problems);
    return;
  }
  const before = asSet(previous);
  const after = asSet(current);
  const has = (values: JsonValue[], value: JsonValue): boolean =>
    values.some((candidate) => isDeepStrictEqual(candidate, value));
  if (keyword === 'type') {
    if (before.length !== after.length || !before.every((value) => has(after, value))) {
      problems.push({ path, change: `type changed from ${show(previous)} to ${show(current)}` });
    }
    return;
  }
  for (const value of before.filter((value) => !has(after, value))) {
    problems.push({ path, change: `enum value ${show(value)} removed` });
  }
  for (const value of after.filter((value) => !has(before, value))) {
    problems.push({ path, change: `enum value ${show(value)} added` });
  }
}

/** Subschemas by position (`anyOf`, `oneOf`, `allOf`, tuple `items`): same count, each compared. */
function compareList(
  { keyword, previous, current, path }: KeywordDiff<JsonValue[]>,
  pathOf: (index: number) => string,
  problems: SchemaProblem[],
): void {
  if (previous.length !== current.length) {
    problems.push({
      path,
      change: `${keyword} changed from ${previous.length} to ${current.length} schemas`,
    });
    return;
  }
  previous.forEach((schema, index) => {
    compareNode(schema, current[index], pathOf(index), problems);
  });
}

/** `patternProperties`: every pattern kept, each one's schema compared. */
function compareSchemaMap(
  { keyword, previous, current, path }: KeywordDiff<JsonObject>,
  problems: SchemaProblem[],
): void {
  for (const name of new Set([...Object.keys(previous), ...Object.keys(current)])) {
    const at = `${path}/${keyword}[${JSON.stringify(name)}]`;
    if (!Object.hasOwn(current, name)) problems.push({ path: at, change: `${keyword} entry removed` });
    else if (!Object.hasOwn(previous, name)) problems.push({ path: at, change: `${keyword} entry added` });
    else compareNode(previous[name], current[name], at, problems);
  }
}

/** Any other keyword (format, pattern, const, bounds, $ref, default, …): equal or breaking. */
function compareValue({ keyword, previous, current, path }: KeywordDiff, problems: SchemaProblem[]): void {
  if (isDeepStrictEqual(previous, current)) return;
  let change = `${keyword} changed from ${show(previous)} to ${show(current)}`;
  if (previous === undefined) change = `${keyword} ${show(current)} added`;
  else if (current === undefined) change = `${keyword} removed (was ${show(previous)})`;
  problems.push({ path, change });
}
