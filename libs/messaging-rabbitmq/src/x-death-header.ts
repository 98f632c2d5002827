/**
 * RabbitMQ's `x-death` header, as the broker writes it when it dead-letters a message: an array of
 * tables, each with at least `count`, `reason` and `queue`. A publisher can send anything under that name,
 * and RabbitMQ 3.x's own dead-lettering crashes the queue's process on a malformed one
 * (`rabbit_dead_letter:update_x_death_header`, `function_clause`): the queue restarts and its consumers
 * are cancelled. Found by `pnpm fuzz`. Every path that lets the broker dead-letter a message (a nack
 * without requeue, a retry copy expiring) therefore goes without a malformed `x-death`.
 */
export const X_DEATH_HEADER = 'x-death';

function isDeathEntry(entry: unknown): boolean {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return false;
  const { count, reason, queue } = entry as Record<string, unknown>;
  return typeof count === 'number' && typeof reason === 'string' && typeof queue === 'string';
}

/** True when `headers` carry an `x-death` the broker did not write (absent counts as well-formed). */
export function hasMalformedXDeath(headers: Record<string, unknown> | undefined): boolean {
  if (headers === undefined || !(X_DEATH_HEADER in headers)) return false;
  const value = headers[X_DEATH_HEADER];
  return !Array.isArray(value) || !value.every(isDeathEntry);
}

/** `headers` without a malformed `x-death` (a well-formed one, the broker's history, is kept). */
export function withoutMalformedXDeath(
  headers: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (!hasMalformedXDeath(headers) || headers === undefined) return headers;
  const { [X_DEATH_HEADER]: _malformed, ...rest } = headers;
  return rest;
}
