import { AppError } from '@commlab/errors';

/** "Sending" failed: the fault injected by NOTIFICATION_FAIL_RECIPIENTS. Retriable, like a mail server down. */
export function sendFailed(recipient: string): AppError {
  return new AppError({
    code: 'NOTIFICATION_SEND_FAILED',
    kind: 'unavailable',
    message: `sending to ${recipient} failed (fault injected by NOTIFICATION_FAIL_RECIPIENTS)`,
    retriable: true,
  });
}
