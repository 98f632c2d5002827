import { AppError } from '@commlab/errors';

/** How many password hashes may run at once, and how many may wait (for how long) for a turn. */
export interface HashingLimits {
  /** Hashes running at once: each holds one of libuv's thread pool threads (4 by default) for ~350 ms. */
  concurrency: number;
  /** Hashes waiting for a turn; one more is refused at once. 0: none wait. */
  queueSize: number;
  /** How long a hash may wait for a turn before it is refused. */
  queueTimeoutMs: number;
}

export type Admission = 'run' | 'queue' | 'refuse';

/** Pure: what happens to one more hash, given how many run and how many wait. */
export function admitHash(running: number, waiting: number, limits: HashingLimits): Admission {
  if (running < limits.concurrency && waiting === 0) return 'run';
  if (waiting < limits.queueSize) return 'queue';
  return 'refuse';
}

/** 429 AUTH_BUSY: the password check did not run (so it says nothing about the password). */
export function authBusy(limits: HashingLimits, reason: string): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(limits.queueTimeoutMs / 1000));
  return new AppError({
    code: 'AUTH_BUSY',
    kind: 'rate_limited',
    message: `too many password checks in progress (${reason}); retry after ${retryAfterSeconds} s`,
    retryAfterSeconds,
  });
}

interface Waiter {
  start(): void;
  timer: NodeJS.Timeout;
}

/**
 * A bulkhead in front of password hashing. scrypt runs in libuv's thread pool, which this process shares
 * with everything else that needs it — WebCrypto's Ed25519 verify and sign (token verification for
 * order-service, over gRPC and REST) among them. Unbounded, a burst of logins fills every pool thread
 * and verification waits behind seconds of hashing; bounded to fewer hashes than pool threads, the rest
 * of the pool stays free. A hash that finds the queue full, or waits longer than the timeout, is refused
 * with 429 AUTH_BUSY and Retry-After — load is shed, not piled up.
 */
export class HashingGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(readonly limits: HashingLimits) {}

  /** Runs `hash` when there is room, or rejects with AUTH_BUSY. */
  async run<T>(hash: () => Promise<T>): Promise<T> {
    await this.turn();
    try {
      return await hash();
    } finally {
      this.release();
    }
  }

  /** For logs and tests: hashes running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private turn(): Promise<void> {
    const admission = admitHash(this.running, this.waiting.length, this.limits);
    if (admission === 'run') {
      this.running += 1;
      return Promise.resolve();
    }
    if (admission === 'refuse') return Promise.reject(authBusy(this.limits, 'the queue is full'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        timer: setTimeout(() => {
          const index = this.waiting.indexOf(waiter);
          if (index !== -1) this.waiting.splice(index, 1);
          reject(authBusy(this.limits, `no turn within ${this.limits.queueTimeoutMs} ms`));
        }, this.limits.queueTimeoutMs),
      };
      this.waiting.push(waiter);
    });
  }

  /** The finished hash's slot goes straight to the longest-waiting one, or is freed. */
  private release(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.running -= 1;
    else next.start();
  }
}
