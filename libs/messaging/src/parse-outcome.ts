import { trace } from '@opentelemetry/api';

import { MESSAGING_ATTRIBUTES } from './messaging-attributes';

/**
 * What a consumer's parser answers: the typed message — with the fields a tolerant reader dropped, if any
 * (`parseMessage`'s `ignoredFields`) — or why the bytes are not one (never retried).
 */
export type ParseOutcome<M> =
  { ok: true; message: M; ignoredFields?: readonly string[] } | { ok: false; error: unknown };

/**
 * Says on the consumer's span which fields of a message this reader did not know and ignored: a producer
 * is ahead of it (a compatible change), which is fine, but worth seeing in a trace.
 */
export function noteIgnoredFields(parsed: { ignoredFields?: readonly string[] }): void {
  const fields = parsed.ignoredFields ?? [];
  if (fields.length === 0) return;
  trace.getActiveSpan()?.setAttribute(MESSAGING_ATTRIBUTES.ignoredFields, [...fields]);
}
