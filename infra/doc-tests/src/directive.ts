/** A `<!-- test: verb args… -->` comment: positional arguments and key=value options. */
export interface Directive {
  verb: string;
  args: DirectiveValue[];
  options: Record<string, DirectiveValue>;
}

/** A bare word, a "quoted string" (\" and \\ escapes) or a /regular expression/. */
export type DirectiveValue = { kind: 'word' | 'text'; value: string } | { kind: 'regex'; value: RegExp };

export class DirectiveError extends Error {}

const DIRECTIVE = /^<!--\s*test:\s*([\s\S]*?)\s*-->$/;
const TOKEN = /(?:([A-Za-z-]+)=)?(?:"((?:[^"\\]|\\.)*)"|\/((?:[^/\\]|\\.)+)\/|(\S+))/g;

/** Parses one HTML comment; undefined when it is not a test directive. */
export function parseDirective(comment: string): Directive | undefined {
  const body = DIRECTIVE.exec(comment.trim())?.[1];
  if (body === undefined) return undefined;
  const tokens: { key: string | undefined; value: DirectiveValue }[] = [];
  for (const match of body.matchAll(TOKEN)) {
    const [, key, quoted, regex, word] = match;
    let value: DirectiveValue;
    if (quoted !== undefined) value = { kind: 'text', value: quoted.replace(/\\(.)/g, '$1') };
    else if (regex !== undefined) {
      try {
        value = { kind: 'regex', value: new RegExp(regex.replace(/\\\//g, '/')) };
      } catch (error) {
        throw new DirectiveError(`bad regular expression /${regex}/: ${(error as Error).message}`);
      }
    } else value = { kind: 'word', value: word ?? '' };
    tokens.push({ key, value });
  }
  const [verb, ...rest] = tokens;
  if (verb === undefined || verb.key !== undefined || verb.value.kind !== 'word') {
    throw new DirectiveError(`a test directive starts with its verb: ${comment.trim()}`);
  }
  const args: DirectiveValue[] = [];
  const options: Record<string, DirectiveValue> = {};
  for (const { key, value } of rest) {
    if (key === undefined) args.push(value);
    else options[key] = value;
  }
  return { verb: verb.value.value, args, options };
}

/** `30s`, `500ms`, `2m` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text);
  if (match === null) throw new DirectiveError(`bad duration ${JSON.stringify(text)} (use 500ms, 30s or 2m)`);
  const amount = Number(match[1]);
  const unit = match[2];
  return Math.round(amount * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000));
}
