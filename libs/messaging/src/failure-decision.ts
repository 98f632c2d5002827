import type { MessageValidationError } from '@commlab/contracts';
import { AppError } from '@commlab/errors';

import { describeError } from '@commlab/resilience';
import { nextDelayMs, type RetryPolicy } from '@commlab/resilience';

/** Thrown (or rejected with) by a consumer when a message fails its schema: never worth a retry. */
export class MessageRejectedError extends Error {
  override readonly name = 'MessageRejectedError';
  readonly code: string;
  readonly validation: MessageValidationError;

  constructor(validation: MessageValidationError) {
    super(validation.message);
    this.code = validation.code;
    this.validation = validation;
  }
}

/** A `MessageValidationError` as `parseMessage` / `fromKafkaRecord` / `fromAmqpMessage` return it. */
export function isMessageValidationError(error: unknown): error is MessageValidationError {
  if (typeof error !== 'object' || error === null || error instanceof Error) return false;
  const { code, message, issues } = error as Record<string, unknown>;
  return (
    typeof code === 'string' &&
    code.startsWith('MESSAGE_') &&
    typeof message === 'string' &&
    Array.isArray(issues)
  );
}

/**
 * Whether retrying can never help: a message that fails its schema (a `MessageRejectedError`, a
 * `MessageValidationError`, a JSON `SyntaxError`) or an `AppError` that says `retriable: false`.
 * Everything else — retriable AppErrors, database errors, unknown exceptions — is retried (boundedly).
 */
export function isPermanentFailure(error: unknown): boolean {
  return (
    error instanceof MessageRejectedError ||
    error instanceof SyntaxError ||
    isMessageValidationError(error) ||
    (error instanceof AppError && !error.retriable)
  );
}

export type FailureDecision =
  { action: 'retry'; delayMs: number; reason: string } | { action: 'dead-letter'; reason: string };

/**
 * What a consumer does when handling a message failed on its `attempt`-th try (1 = first delivery):
 * dead-letter at once when the failure is permanent, retry with backoff while attempts remain, and
 * dead-letter after `maxAttempts`. There is no third option: a failed message is never just acked.
 */
export function decideFailure(
  error: unknown,
  attempt: number,
  policy: RetryPolicy,
  random?: () => number,
): FailureDecision {
  const described = describeError(error);
  if (isPermanentFailure(error)) return { action: 'dead-letter', reason: `not retriable: ${described}` };
  if (attempt >= policy.maxAttempts) {
    return { action: 'dead-letter', reason: `failed ${String(attempt)} attempts, last: ${described}` };
  }
  return {
    action: 'retry',
    delayMs: nextDelayMs(attempt, policy, random),
    reason: `attempt ${String(attempt)} of ${String(policy.maxAttempts)} failed: ${described}`,
  };
}
