import { Inject, Injectable } from '@nestjs/common';

import { sendFailed } from './notification-errors';

/** This process's name in `sent_by` (`host:pid:random`), so competing consumers can be told apart. */
export const INSTANCE_ID = Symbol('INSTANCE_ID');

/** The recipients NOTIFICATION_FAIL_RECIPIENTS names (lower-cased). */
export const FAIL_RECIPIENTS = Symbol('FAIL_RECIPIENTS');

/**
 * The "send" step before a notification is stored. There is no mail server: it only fails, on purpose, for
 * the recipients of the fault-injection knob NOTIFICATION_FAIL_RECIPIENTS (tutorials, tests).
 */
@Injectable()
export class NotificationSender {
  private readonly failing: ReadonlySet<string>;

  constructor(@Inject(FAIL_RECIPIENTS) failRecipients: readonly string[]) {
    this.failing = new Set(failRecipients);
  }

  assertDeliverable(recipient: string): void {
    if (this.failing.has(recipient.toLowerCase())) throw sendFailed(recipient);
  }
}
