import { formatPath } from './field-path';

/**
 * C0 controls (U+0000–U+001F, NUL included), DEL (U+007F) and C1 controls (U+0080–U+009F). No commlab
 * field is free text that needs a tab or a newline, and PostgreSQL cannot store NUL in `text` or
 * `jsonb` at all (SQLSTATE 22021 / 22P05), so every string that arrives at an edge must be free of them.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

export const CONTROL_CHARACTERS_PROBLEM =
  'must not contain control characters (U+0000–U+001F, U+007F–U+009F)';

/** Nesting deeper than this is not walked (no body or message of commlab comes close). */
const MAX_DEPTH = 64;

/** One bad string: where it is and what is wrong (the same shape as a schema problem). */
export interface ControlCharacterProblem {
  path: string;
  problem: string;
}

function codePoint(text: string): string | undefined {
  const found = CONTROL_CHARACTER.exec(text);
  if (found === null) return undefined;
  const hex = found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex} at index ${found.index}`;
}

/** True when `text` holds no control character: the rule, for single values (a header, a URL). */
export function isFreeOfControlCharacters(text: string): boolean {
  return !CONTROL_CHARACTER.test(text);
}

/**
 * Every string in `value` (a parsed JSON body, a query, a path parameter, a message), and every object
 * key, that contains a control character. The one edge rule of commlab: HTTP (ZodValidationPipe), gRPC
 * and broker RPC (parseRequest) and messages (parseMessage) all run it before their schema, so a field
 * a schema forgot cannot carry a NUL to a store or a header.
 */
export function findControlCharacters(
  value: unknown,
  prefix: readonly PropertyKey[] = [],
): ControlCharacterProblem[] {
  const problems: ControlCharacterProblem[] = [];
  const visit = (item: unknown, path: readonly PropertyKey[], depth: number): void => {
    if (typeof item === 'string') {
      const where = codePoint(item);
      if (where !== undefined) {
        problems.push({ path: formatPath(path), problem: `${CONTROL_CHARACTERS_PROBLEM}, got ${where}` });
      }
      return;
    }
    if (typeof item !== 'object' || item === null || depth >= MAX_DEPTH) return;
    if (Array.isArray(item)) {
      item.forEach((element, index) => {
        visit(element, [...path, index], depth + 1);
      });
      return;
    }
    if (Buffer.isBuffer(item) || item instanceof Uint8Array || item instanceof Date) return;
    for (const [key, element] of Object.entries(item)) {
      const where = codePoint(key);
      if (where !== undefined) {
        problems.push({
          path: formatPath([...path, JSON.stringify(key)]),
          problem: `field name ${CONTROL_CHARACTERS_PROBLEM}, got ${where}`,
        });
        continue;
      }
      visit(element, [...path, key], depth + 1);
    }
  };
  visit(value, prefix, 0);
  return problems;
}
