import { parseMessage } from '@commlab/contracts';
import { AppError } from '@commlab/errors';

import { decideFailure, isMessageValidationError, MessageRejectedError } from './failure-decision';
import type { RetryPolicy } from '@commlab/resilience';

const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, jitter: 0 };

function validationError() {
  const parsed = parseMessage('not json');
  if (parsed.ok) throw new Error('expected a parse failure');
  return parsed.error;
}

describe('decideFailure', () => {
  it('retries a retriable error with backoff until maxAttempts, then dead-letters', () => {
    const error = new AppError({ code: 'INVENTORY_UNAVAILABLE', kind: 'unavailable', message: 'down' });
    expect(decideFailure(error, 1, policy)).toMatchObject({ action: 'retry', delayMs: 100 });
    expect(decideFailure(error, 2, policy)).toMatchObject({ action: 'retry', delayMs: 200 });
    expect(decideFailure(error, 3, policy)).toEqual({
      action: 'dead-letter',
      reason: 'failed 3 attempts, last: INVENTORY_UNAVAILABLE: down',
    });
  });

  it('retries unknown errors too, boundedly', () => {
    expect(decideFailure(new Error('boom'), 1, policy)).toMatchObject({ action: 'retry', delayMs: 100 });
    expect(decideFailure('weird', 3, policy)).toMatchObject({ action: 'dead-letter' });
  });

  it('dead-letters a non-retriable AppError at once', () => {
    const error = new AppError({ code: 'ORDER_NOT_FOUND', kind: 'not_found', message: 'no such order' });
    expect(decideFailure(error, 1, policy)).toEqual({
      action: 'dead-letter',
      reason: 'not retriable: ORDER_NOT_FOUND: no such order',
    });
  });

  it('dead-letters an AppError explicitly marked non-retriable even if its kind usually is', () => {
    const error = new AppError({ code: 'X', kind: 'unavailable', message: 'm', retriable: false });
    expect(decideFailure(error, 1, policy).action).toBe('dead-letter');
  });

  it('dead-letters schema failures at once: MessageValidationError, MessageRejectedError, SyntaxError', () => {
    const invalid = validationError();
    expect(isMessageValidationError(invalid)).toBe(true);
    expect(decideFailure(invalid, 1, policy)).toMatchObject({
      action: 'dead-letter',
      reason: expect.stringContaining('not retriable: MESSAGE_NOT_JSON') as unknown,
    });
    expect(decideFailure(new MessageRejectedError(invalid), 1, policy)).toMatchObject({
      action: 'dead-letter',
    });
    expect(decideFailure(new SyntaxError('Unexpected token'), 1, policy)).toMatchObject({
      action: 'dead-letter',
    });
  });

  it('does not mistake arbitrary objects for validation errors', () => {
    expect(isMessageValidationError({ code: 'OTHER', message: 'x', issues: [] })).toBe(false);
    expect(isMessageValidationError(null)).toBe(false);
  });
});
