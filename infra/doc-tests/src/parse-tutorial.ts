import type { Token, Tokens } from 'marked' with { 'resolution-mode': 'import' };

import {
  type Directive,
  DirectiveError,
  type DirectiveValue,
  parseDirective,
  parseDuration,
} from './directive';
import { DEFAULT_TIMEOUT_MS, DEFAULT_WAIT_MS, type Expectation, type TutorialStep } from './tutorial-steps';

const SHELL = new Set(['sh', 'bash', 'shell']);

/** A tutorial the runner cannot follow: where, and why. */
export class TutorialSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${String(line)}: ${message}`);
    this.name = 'TutorialSyntaxError';
  }
}

function expectation(value: DirectiveValue | undefined, verb: string): Expectation {
  if (value === undefined) throw new DirectiveError(`${verb} needs "text" or /regex/`);
  if (value.kind === 'regex') return { kind: 'matches', pattern: value.value };
  return { kind: 'contains', text: value.value };
}

function name(directive: Directive): string {
  const first = directive.args[0];
  if (first?.kind !== 'word') throw new DirectiveError(`${directive.verb} needs a name`);
  return first.value;
}

function duration(directive: Directive, key: string, fallback: number): number {
  const option = directive.options[key];
  if (option === undefined) return fallback;
  if (option.kind === 'regex') throw new DirectiveError(`${key}= takes a duration`);
  return parseDuration(option.value);
}

/** Block options given before a shell block, consumed by it. */
interface Pending {
  line: number;
  background?: { name: string; ready: Expectation; timeoutMs: number };
  retryMs?: number;
  timeoutMs?: number;
  skip?: string;
}

/**
 * Reads a tutorial into the steps the runner performs. Shell blocks (```sh) run in order; HTML comments
 * `<!-- test: … -->` (invisible on GitHub) say what to check:
 * - after a block: `expect "text"` / `expect /regex/`, `absent "text"`, `exit N`, or an ```output block
 *   whose lines must appear in order (`…` = anything);
 * - before a block: `background NAME ready="text"` (runs it like a second terminal), `retry 30s`
 *   (again until the checks pass), `timeout 3m`, `skip "reason"`;
 * - on their own: `wait NAME "text"` (until a background block printed it), `stop NAME` (Ctrl-C).
 */
export async function parseTutorial(markdown: string): Promise<TutorialStep[]> {
  const { lexer } = await import('marked');
  const tokens = lexer(markdown);
  const steps: TutorialStep[] = [];
  let pending: Pending | undefined;
  let cursor = 0;
  const lineOf = (token: Token): number => {
    const at = markdown.indexOf(token.raw, cursor);
    if (at >= 0) cursor = at + token.raw.length;
    return markdown.slice(0, Math.max(at, 0)).split('\n').length;
  };
  const lastRun = (line: number, what: string) => {
    const step = steps.at(-1);
    if (step?.kind !== 'run') throw new TutorialSyntaxError(line, `${what} must follow a shell block`);
    return step;
  };

  for (const token of tokens) {
    const line = lineOf(token);
    try {
      if (token.type === 'code') {
        const code = token as Tokens.Code;
        const lang = (code.lang ?? '').split(/\s+/)[0] ?? '';
        if (lang === 'output') {
          const lines = code.text.split('\n').filter((l) => l.trim() !== '');
          lastRun(line, 'an ```output block').expectations.push({ kind: 'output', lines });
          continue;
        }
        if (!SHELL.has(lang)) continue;
        const block = pending;
        pending = undefined;
        if (block?.skip !== undefined) {
          steps.push({ kind: 'skip', line, script: code.text, reason: block.skip });
        } else if (block?.background !== undefined) {
          steps.push({ kind: 'background', line, script: code.text, ...block.background });
        } else {
          steps.push({
            kind: 'run',
            line,
            script: code.text,
            expectations: [],
            exitCode: 0,
            timeoutMs: block?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
            retryMs: block?.retryMs,
          });
        }
        continue;
      }
      if (token.type === 'list' || token.type === 'blockquote') {
        if (/```(sh|bash|shell)\b|<!--\s*test:/.test(token.raw)) {
          throw new TutorialSyntaxError(
            line,
            'shell blocks and test directives must not be nested in a list or quote',
          );
        }
        continue;
      }
      if (token.type !== 'html') continue;
      for (const [comment] of token.raw.matchAll(/<!--[\s\S]*?-->/g)) {
        const directive = parseDirective(comment);
        if (directive !== undefined) pending = apply(directive, line, steps, pending, lastRun);
      }
    } catch (error) {
      if (error instanceof DirectiveError) throw new TutorialSyntaxError(line, error.message);
      throw error;
    }
  }
  if (pending !== undefined) {
    throw new TutorialSyntaxError(pending.line, 'a block option with no shell block after it');
  }
  return steps;
}

type LastRun = (line: number, what: string) => Extract<TutorialStep, { kind: 'run' }>;

/** Applies one directive: to the last shell block, as an option of the next one, or as a step. */
function apply(
  directive: Directive,
  line: number,
  steps: TutorialStep[],
  pending: Pending | undefined,
  lastRun: LastRun,
): Pending | undefined {
  const args = directive.args;
  switch (directive.verb) {
    case 'expect':
      lastRun(line, 'expect').expectations.push(expectation(args[0], 'expect'));
      return pending;
    case 'absent': {
      const value = args[0];
      if (value?.kind !== 'text') throw new DirectiveError('absent needs "text"');
      lastRun(line, 'absent').expectations.push({ kind: 'absent', text: value.value });
      return pending;
    }
    case 'exit':
      lastRun(line, 'exit').exitCode = Number(args[0]?.kind === 'word' ? args[0].value : NaN);
      if (Number.isNaN(lastRun(line, 'exit').exitCode)) throw new DirectiveError('exit needs a number');
      return pending;
    case 'background':
      pending = {
        ...pending,
        line,
        background: {
          name: name(directive),
          ready: expectation(directive.options.ready, 'background ready='),
          timeoutMs: duration(directive, 'timeout', DEFAULT_TIMEOUT_MS),
        },
      };
      return pending;
    case 'retry':
    case 'timeout': {
      const value = args[0];
      if (value?.kind !== 'word') throw new DirectiveError(`${directive.verb} needs a duration`);
      pending = {
        ...pending,
        line,
        [directive.verb === 'retry' ? 'retryMs' : 'timeoutMs']: parseDuration(value.value),
      };
      return pending;
    }
    case 'skip': {
      const value = args[0];
      if (value?.kind !== 'text') throw new DirectiveError('skip needs a "reason"');
      pending = { ...pending, line, skip: value.value };
      return pending;
    }
    case 'wait':
      steps.push({
        kind: 'wait',
        line,
        name: name(directive),
        until: expectation(args[1], 'wait NAME'),
        timeoutMs: duration(directive, 'timeout', DEFAULT_WAIT_MS),
      });
      return pending;
    case 'stop':
      steps.push({ kind: 'stop', line, name: name(directive) });
      return pending;
    default:
      throw new DirectiveError(`unknown test directive "${directive.verb}"`);
  }
}
