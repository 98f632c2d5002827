import { runClosedLoop } from './closed-loop';
import { FakeClock } from './fake-clock';
import { summarize } from './latency-summary';

const MS = 1_000_000n;

describe('runClosedLoop (virtual clock)', () => {
  it('keeps N calls in flight and records each from its own send', async () => {
    const clock = new FakeClock();
    let inFlight = 0;
    let peak = 0;
    const result = await clock.run(
      runClosedLoop({
        call: async () => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await clock.sleep(4n * MS);
          inFlight--;
        },
        concurrency: 3,
        limit: { durationNs: 100n * MS },
        drainTimeoutNs: 1000n * MS,
        clock,
      }),
    );
    expect(peak).toBe(3);
    // 3 workers × 25 calls of 4 ms in 100 ms.
    expect(result.completed).toBe(75);
    const summary = summarize(result.latency);
    // HdrHistogram reports the top of the 3-significant-digit bucket that holds 4000 µs.
    expect(summary.p50).toBeGreaterThanOrEqual(4000);
    expect(summary.p50).toBeLessThanOrEqual(4004);
    expect(summary.max).toBe(4000);
    expect(result.elapsedNs).toBe(100n * MS);
  });

  it('with a stall, the closed loop simply sends less: only the stalled call is slow', async () => {
    const clock = new FakeClock();
    let n = 0;
    const result = await clock.run(
      runClosedLoop({
        call: () => clock.sleep(n++ === 10 ? 200n * MS : MS),
        concurrency: 1,
        limit: { count: 100 },
        drainTimeoutNs: 1000n * MS,
        clock,
      }),
    );
    const summary = summarize(result.latency);
    expect(result.completed).toBe(100);
    expect(summary.p99).toBe(1000);
    expect(summary.max).toBeGreaterThanOrEqual(200_000);
  });

  it('stops a run whose calls never answer, counting them as timeouts', async () => {
    const clock = new FakeClock();
    let n = 0;
    const result = await clock.run(
      runClosedLoop({
        call: () => (n++ < 3 ? clock.sleep(MS) : new Promise<void>(() => undefined)),
        concurrency: 2,
        limit: { count: 1000 },
        drainTimeoutNs: 20n * MS,
        clock,
      }),
    );
    expect(result).toMatchObject({ completed: 3, errors: 0, timeouts: 2 });
  });
});
