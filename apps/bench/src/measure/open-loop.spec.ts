import { FakeClock } from './fake-clock';
import { summarize } from './latency-summary';
import { runOpenLoop } from './open-loop';

const MS = 1_000_000n;

/** A call that takes `serviceMs`, except call number `stallAt` (0-based), which takes `stallMs`. */
function stallingCall(clock: FakeClock, serviceMs: bigint, stallAt: number, stallMs: bigint) {
  let n = 0;
  return () => clock.sleep((n++ === stallAt ? stallMs : serviceMs) * MS);
}

describe('runOpenLoop (virtual clock)', () => {
  it('records latency from the intended send time: the requests queued behind a stall show it, uncorrected hides it', async () => {
    const clock = new FakeClock();
    // 1000 calls at 1000/s, one at a time; each takes 0.1 ms, call 500 takes 200 ms.
    const result = await clock.run(
      runOpenLoop({
        call: stallingCall(clock, 1n, 500, 200n),
        ratePerSecond: 1000,
        maxInFlight: 1,
        limit: { count: 1000 },
        drainTimeoutNs: 10_000n * MS,
        clock,
      }),
    );
    const corrected = summarize(result.latency);
    const uncorrected = summarize(result.uncorrected!);

    expect(result.completed).toBe(1000);
    expect(result.errors + result.timeouts).toBe(0);
    // About 200 calls were due while call 500 stalled: ~20 % of the calls waited, up to 200 ms.
    expect(corrected.p99).toBeGreaterThanOrEqual(150_000);
    expect(corrected.p90).toBeGreaterThanOrEqual(50_000);
    expect(corrected.max).toBeGreaterThanOrEqual(200_000);
    // Counted from the actual send, only the stalled call itself is slow: p99 stays at the service time.
    expect(uncorrected.p99).toBeLessThanOrEqual(1_100);
    expect(uncorrected.max).toBeGreaterThanOrEqual(200_000);
    expect(uncorrected.p50).toBe(1000);
  });

  it('without a stall, corrected and uncorrected agree and the loop keeps the rate', async () => {
    const clock = new FakeClock();
    const result = await clock.run(
      runOpenLoop({
        call: () => clock.sleep(2n * MS),
        ratePerSecond: 100,
        maxInFlight: 4,
        limit: { durationNs: 1000n * MS },
        drainTimeoutNs: 1000n * MS,
        clock,
      }),
    );
    expect(result.completed).toBe(100);
    expect(summarize(result.latency).max).toBe(2000);
    expect(summarize(result.uncorrected!).max).toBe(2000);
    // First send at 0, last at 990 ms, answered at 992 ms.
    expect(result.elapsedNs).toBe(992n * MS);
  });

  it('sends on schedule while earlier calls are still in flight (up to maxInFlight)', async () => {
    const clock = new FakeClock();
    const sentAt: bigint[] = [];
    const result = await clock.run(
      runOpenLoop({
        call: () => {
          sentAt.push(clock.now());
          return clock.sleep(35n * MS);
        },
        ratePerSecond: 100,
        maxInFlight: 10,
        limit: { count: 5 },
        drainTimeoutNs: 1000n * MS,
        clock,
      }),
    );
    expect(sentAt).toEqual([0n, 10n * MS, 20n * MS, 30n * MS, 40n * MS]);
    expect(summarize(result.latency).max).toBe(35_000);
  });

  it('counts failures and calls that never answer instead of hanging', async () => {
    const clock = new FakeClock();
    let n = 0;
    const result = await clock.run(
      runOpenLoop({
        call: () => {
          n++;
          if (n === 2) return Promise.reject(new Error('refused'));
          if (n === 3) return new Promise<void>(() => undefined);
          return clock.sleep(MS);
        },
        ratePerSecond: 1000,
        maxInFlight: 8,
        limit: { count: 5 },
        drainTimeoutNs: 50n * MS,
        clock,
      }),
    );
    expect(result).toMatchObject({ completed: 3, errors: 1, timeouts: 1, errorSamples: ['refused'] });
  });
});
