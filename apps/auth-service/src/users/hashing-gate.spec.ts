import { AppError } from '@commlab/errors';

import { admitHash, HashingGate, type HashingLimits } from './hashing-gate';

const LIMITS: HashingLimits = { concurrency: 2, queueSize: 1, queueTimeoutMs: 1500 };

/** A hash that ends when the test says so. */
function pending() {
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return { hash: () => done, finish };
}

async function busyError(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('admitHash', () => {
  it('runs while below the concurrency, then queues up to the queue size, then refuses', () => {
    expect(admitHash(0, 0, LIMITS)).toBe('run');
    expect(admitHash(1, 0, LIMITS)).toBe('run');
    expect(admitHash(2, 0, LIMITS)).toBe('queue');
    expect(admitHash(2, 1, LIMITS)).toBe('refuse');
  });

  it('never lets a newcomer overtake one that waits', () => {
    expect(admitHash(1, 1, { ...LIMITS, queueSize: 5 })).toBe('queue');
  });

  it('refuses at once with no queue', () => {
    expect(admitHash(2, 0, { ...LIMITS, queueSize: 0 })).toBe('refuse');
  });
});

describe('HashingGate', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('runs at most `concurrency` hashes; a finished one hands its turn to the first in the queue', async () => {
    const gate = new HashingGate(LIMITS);
    const [one, two, three] = [pending(), pending(), pending()];
    const started: string[] = [];
    const run = (name: string, work: () => Promise<void>) =>
      gate.run(() => {
        started.push(name);
        return work();
      });
    const runs = [run('one', one.hash), run('two', two.hash), run('three', three.hash)];
    await Promise.resolve();
    expect(started).toEqual(['one', 'two']);
    expect(gate.load).toEqual({ running: 2, waiting: 1 });

    one.finish();
    await runs[0];
    await Promise.resolve();
    expect(started).toEqual(['one', 'two', 'three']);
    expect(gate.load).toEqual({ running: 2, waiting: 0 });

    two.finish();
    three.finish();
    await Promise.all(runs);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a hash at once when the queue is full: 429 AUTH_BUSY with Retry-After', async () => {
    const gate = new HashingGate(LIMITS);
    const blocker = pending();
    const runs = [gate.run(blocker.hash), gate.run(blocker.hash), gate.run(blocker.hash)];
    const refused = await busyError(gate.run(() => Promise.resolve('never')));
    expect(refused).toMatchObject({ code: 'AUTH_BUSY', kind: 'rate_limited', retryAfterSeconds: 2 });
    expect(refused.httpStatus).toBe(429);
    blocker.finish();
    await Promise.all(runs);
  });

  it('refuses a queued hash whose turn does not come within the timeout, and frees its place', async () => {
    jest.useFakeTimers();
    const gate = new HashingGate(LIMITS);
    const blocker = pending();
    const runs = [gate.run(blocker.hash), gate.run(blocker.hash)];
    let ran = false;
    const queued = busyError(
      gate.run(() => {
        ran = true;
        return Promise.resolve();
      }),
    );
    jest.advanceTimersByTime(LIMITS.queueTimeoutMs);
    expect((await queued).code).toBe('AUTH_BUSY');
    expect(ran).toBe(false);
    expect(gate.load).toEqual({ running: 2, waiting: 0 });
    blocker.finish();
    await Promise.all(runs);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the turn of a hash that fails', async () => {
    const gate = new HashingGate({ ...LIMITS, concurrency: 1 });
    await expect(gate.run(() => Promise.reject(new Error('scrypt failed')))).rejects.toThrow('scrypt failed');
    await expect(gate.run(() => Promise.resolve('ok'))).resolves.toBe('ok');
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });
});
