import { setTimeout as sleep } from 'node:timers/promises';

import { AppError } from '@commlab/errors';
import type { StackAction } from '@commlab/stack-ops';

import { SLOW_DELAYS_MS, type StackView } from '../common/api';
import type { StackControl } from './stack-control';

/** The demo users' addresses: orders placed from the console notify one of them. */
const FAIL_RECIPIENTS = 'alice@example.com,bob@example.com';
/** How long a slowed service runs between two freezes. */
const SLOW_RUN_MS = 100;

/**
 * The faults view's buttons, all through the stack's control socket (what `pnpm stack` uses):
 * stop/start/pause/resume one service; make notifications fail (restart notification-service with
 * NOTIFICATION_FAIL_RECIPIENTS, tutorial 3's fault knob) and heal it; slow a service down by freezing
 * it (SIGSTOP) for `delayMs`, letting it run 100 ms, and again, until told to stop.
 */
export class Faults {
  private failingNotifications = false;
  private slow: { service: string; delayMs: number; stop: AbortController; done: Promise<void> } | undefined;

  constructor(private readonly stack: StackControl) {}

  async view(): Promise<StackView> {
    const status = await this.stack.status();
    const slow = this.slow === undefined ? null : { service: this.slow.service, delayMs: this.slow.delayMs };
    if (!status.available)
      return {
        available: false,
        detail: status.detail,
        services: [],
        failingNotifications: false,
        slow: null,
      };
    return {
      available: true,
      services: status.services.map(({ name, state, pid }) => ({ name, state, pid })),
      failingNotifications: this.failingNotifications,
      slow,
    };
  }

  async act(service: string, action: StackAction): Promise<void> {
    if (this.slow !== undefined && service.startsWith(this.slow.service.replace(/-service$/, '')))
      await this.stopSlow();
    await this.stack.act(service, action);
    if (action === 'start' && service.startsWith('notification')) this.failingNotifications = false;
  }

  /** Restarts notification-service with (fail) or without (heal) the failing recipients. */
  async failNotifications(fail: boolean): Promise<void> {
    await this.stack.act('notification-service', 'stop');
    await this.stack.act(
      'notification-service',
      'start',
      fail ? { NOTIFICATION_FAIL_RECIPIENTS: FAIL_RECIPIENTS } : {},
    );
    this.failingNotifications = fail;
  }

  /** Starts slowing `service` down (0 = stop slowing it down). One service at a time. */
  async slowDown(service: string, delayMs: number): Promise<void> {
    await this.stopSlow();
    if (delayMs === 0) return;
    if (!(SLOW_DELAYS_MS as readonly number[]).includes(delayMs)) {
      throw new AppError({
        code: 'BAD_DELAY',
        kind: 'invalid_argument',
        message: `delayMs must be one of ${SLOW_DELAYS_MS.join(', ')} (or 0 to stop)`,
      });
    }
    // Refused here (unknown service, not running) rather than in the background loop.
    const paused = await this.stack.act(service, 'pause');
    await this.stack.act(paused.name, 'resume');
    const stop = new AbortController();
    const done = this.cycle(paused.name, delayMs, stop.signal);
    this.slow = { service: paused.name, delayMs, stop, done };
  }

  async close(): Promise<void> {
    await this.stopSlow();
  }

  private async stopSlow(): Promise<void> {
    const slow = this.slow;
    if (slow === undefined) return;
    this.slow = undefined;
    slow.stop.abort();
    await slow.done;
  }

  private async cycle(service: string, delayMs: number, signal: AbortSignal): Promise<void> {
    try {
      while (!signal.aborted) {
        await this.stack.act(service, 'pause');
        await sleep(delayMs, undefined, { signal }).catch(() => undefined);
        await this.stack.act(service, 'resume');
        await sleep(SLOW_RUN_MS, undefined, { signal }).catch(() => undefined);
      }
    } catch {
      // stopped or restarted meanwhile: nothing left to slow down
      if (this.slow?.service === service) this.slow = undefined;
    }
  }
}
