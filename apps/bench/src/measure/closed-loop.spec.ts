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

  it('paced: each worker idles thinkNs after every answer; latency still runs from its own send', async () => {
    const clock = new FakeClock();
    const sends: bigint[] = [];
    const result = await clock.run(
      runClosedLoop({
        call: async () => {
          sends.push(clock.now());
          await clock.sleep(2n * MS);
        },
        concurrency: 1,
        limit: { durationNs: 100n * MS },
        drainTimeoutNs: 1000n * MS,
        thinkNs: 8n * MS,
        clock,
      }),
    );
    // A call every 2 + 8 ms: sent at 0, 10, …, 90 ms; the one answered at 92 ms is past no stop, the
    // pause after it ends at 100 ms, which is the stop.
    expect(sends).toEqual(Array.from({ length: 10 }, (_, i) => BigInt(i) * 10n * MS));
    expect(result.completed).toBe(10);
    expect(summarize(result.latency).max).toBe(2000);
    expect(clock.pendingTimers).toBe(0);
  });

  it('paced with a count: no pause after the last call', async () => {
    const clock = new FakeClock();
    const result = await clock.run(
      runClosedLoop({
        call: () => clock.sleep(MS),
        concurrency: 1,
        limit: { count: 3 },
        drainTimeoutNs: 1000n * MS,
        thinkNs: 50n * MS,
        clock,
      }),
    );
    expect(result.completed).toBe(3);
    // 1 + 50 + 1 + 50 + 1 ms: the run ends with its last answer.
    expect(result.elapsedNs).toBe(103n * MS);
    expect(clock.now()).toBe(103n * MS);
  });
});
