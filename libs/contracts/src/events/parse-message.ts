import type { z } from 'zod';

import { findControlCharacters } from '../validation/control-characters';
import { formatPath } from '../validation/field-path';
import { parseTolerantly, type UnknownFields } from '../validation/unknown-fields';

import { envelopeAttributesSchema } from './envelope';
import {
  type CommlabMessage,
  isMessageType,
  MESSAGE_DATA_SCHEMAS,
  type MessageOf,
  type MessageType,
} from './message-registry';

/** Stable codes of the ways a message can be refused at a boundary. */
export type MessageErrorCode =
  | 'MESSAGE_NOT_JSON'
  | 'MESSAGE_NOT_OBJECT'
  | 'MESSAGE_INVALID_ENVELOPE'
  | 'MESSAGE_UNKNOWN_TYPE'
  | 'MESSAGE_WRONG_TYPE'
  | 'MESSAGE_INVALID_DATA';

/** One bad field: `data.items[0].quantity` — `expected an integer ≥ 1, got 0`. */
export interface FieldProblem {
  path: string;
  problem: string;
}

export interface MessageValidationError {
  code: MessageErrorCode;
  /** One line a person can read in a log or a dead-letter header. */
  message: string;
  issues: FieldProblem[];
  /** The message's id and type when they could be read, to trace a dead letter to its source. */
  id?: string;
  type?: string;
}

/**
 * `ignoredFields`: what a tolerant reader dropped (`data.giftWrap`, an envelope extension attribute) —
 * fields a newer producer added that this reader does not know yet. Empty for a message as known.
 */
export type ParseResult<M = CommlabMessage> =
  { ok: true; message: M; ignoredFields: string[] } | { ok: false; error: MessageValidationError };

export interface ParseMessageOptions {
  /**
   * `'ignore'` (default): a tolerant reader — unknown envelope attributes and data fields are dropped and
   * listed in `ignoredFields`, so a producer that adds an optional field breaks no reader. `'reject'`:
   * strict, as producers check what they send.
   */
  unknownFields?: UnknownFields;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    // Never echo the credentials of a URL (`https://user:password@host`) into an error or a log.
    const shown = value.replace(/\/\/[^/?#@\s]*@/g, '//***@');
    return JSON.stringify(shown.length > 40 ? `${shown.slice(0, 40)}…` : shown);
  }
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `${typeof value} ${String(value)}`;
  }
  return typeof value;
}

/** zod issues → `{ path, problem }` lines a person can read; shared by HTTP validation and messages. */
export function describeZodIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[],
): FieldProblem[] {
  return issues.flatMap((issue): FieldProblem[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: formatPath([...path, key]), problem: 'unknown field' }));
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return [{ path: formatPath(path), problem: `missing (expected ${issue.expected})` }];
    }
    const got = 'input' in issue ? `, got ${describe(issue.input)}` : '';
    return [{ path: formatPath(path), problem: `${issue.message}${got}` }];
  });
}

function failure(
  code: MessageErrorCode,
  summary: string,
  issues: FieldProblem[],
  attrs: Record<string, unknown> = {},
) {
  const id = typeof attrs.id === 'string' ? attrs.id : undefined;
  const type = typeof attrs.type === 'string' ? attrs.type : undefined;
  const detail = issues.length > 0 ? `: ${issues.map((i) => `${i.path} ${i.problem}`).join('; ')}` : '';
  const error: MessageValidationError = {
    code,
    message: `${summary}${detail}`,
    issues,
    ...(id === undefined ? {} : { id }),
    ...(type === undefined ? {} : { type }),
  };
  return { ok: false as const, error };
}

function decode(raw: unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (typeof raw !== 'string' && !(raw instanceof Uint8Array)) return { ok: true, value: raw };
  const text =
    typeof raw === 'string' ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Validates a message in CloudEvents structured mode (attributes and `data` in one JSON object) —
 * given as a string, bytes or an already-parsed value — against the envelope schema and the schema of
 * its `type`. Never throws: the result is either the typed message or an error naming every bad field.
 */
export function parseMessage(
  raw: unknown,
  { unknownFields = 'ignore' }: ParseMessageOptions = {},
): ParseResult {
  const decoded = decode(raw);
  if (!decoded.ok) return failure('MESSAGE_NOT_JSON', `message is not valid JSON (${decoded.reason})`, []);
  const value = decoded.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return failure('MESSAGE_NOT_OBJECT', `message must be a JSON object, got ${describe(value)}`, []);
  }

  const { data, ...attributes } = value as Record<string, unknown>;
  const envelope = parseTolerantly(envelopeAttributesSchema, attributes, unknownFields);
  // Control characters first: they name the field even where a schema would accept any string.
  const envelopeProblems = [
    ...findControlCharacters(attributes),
    ...(envelope.success ? [] : describeZodIssues(envelope.issues, [])),
  ];
  const type = attributes.type;

  if (typeof type === 'string' && envelopeProblems.every((p) => p.path !== 'type') && !isMessageType(type)) {
    return failure(
      'MESSAGE_UNKNOWN_TYPE',
      `unknown message type ${JSON.stringify(type)}`,
      envelopeProblems,
      attributes,
    );
  }
  const dataProblems =
    typeof type === 'string' && isMessageType(type)
      ? validateData(type, data, unknownFields)
      : { problems: [], value: undefined, ignored: [] };

  if (!envelope.success || envelopeProblems.length > 0) {
    return failure(
      'MESSAGE_INVALID_ENVELOPE',
      'invalid message envelope',
      [...envelopeProblems, ...dataProblems.problems],
      attributes,
    );
  }
  if (dataProblems.problems.length > 0) {
    return failure('MESSAGE_INVALID_DATA', `invalid ${String(type)} data`, dataProblems.problems, attributes);
  }
  return {
    ok: true,
    message: { ...envelope.data, data: dataProblems.value } as CommlabMessage,
    ignoredFields: [...envelope.ignored, ...dataProblems.ignored],
  };
}

function validateData(
  type: MessageType,
  data: unknown,
  unknownFields: UnknownFields,
): { problems: FieldProblem[]; value: unknown; ignored: string[] } {
  // Control characters anywhere, in known and unknown fields alike: an ignored field is still refused
  // if it carries one (it would reach a log or a dead-letter header).
  const controls = findControlCharacters(data, ['data']);
  const result = parseTolerantly(MESSAGE_DATA_SCHEMAS[type] as z.ZodType, data, unknownFields, ['data']);
  if (result.success && controls.length === 0) {
    return { problems: [], value: result.data, ignored: result.ignored };
  }
  const schemaProblems = result.success ? [] : describeZodIssues(result.issues, ['data']);
  return { problems: [...controls, ...schemaProblems], value: undefined, ignored: result.ignored };
}

/** `parseMessage`, then insist on one type: a consumer of `orders` that gets a command refuses it. */
export function parseMessageOfType<Type extends MessageType>(
  raw: unknown,
  ...types: Type[]
): ParseResult<MessageOf<Type>> {
  const result = parseMessage(raw);
  if (!result.ok) return result;
  if (!(types as string[]).includes(result.message.type)) {
    return failure(
      'MESSAGE_WRONG_TYPE',
      `expected ${types.join(' or ')}, got ${result.message.type}`,
      [{ path: 'type', problem: `expected ${types.join(' or ')}` }],
      result.message as unknown as Record<string, unknown>,
    );
  }
  return { ok: true, message: result.message as MessageOf<Type>, ignoredFields: result.ignoredFields };
}
