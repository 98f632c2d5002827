import { FakeClock } from './fake-clock';
import { untilSettledOrStalled } from './until-settled';

const MS = 1_000_000n;

describe('untilSettledOrStalled (virtual clock)', () => {
  it('returns true when the work settles, and leaves no stall timer behind', async () => {
    const clock = new FakeClock();
    const outer = new AbortController();
    const work = clock.sleep(10n * MS);
    const settled = await clock.run(untilSettledOrStalled(work, clock, () => 0n, 1_000n * MS, outer.signal));
    expect(settled).toBe(true);
    expect(clock.now()).toBe(10n * MS);
    expect(clock.pendingTimers).toBe(0);
  });

  it('returns false once nothing progressed for the stall time', async () => {
    const clock = new FakeClock();
    const never = new Promise<void>(() => undefined);
    const settled = await clock.run(
      untilSettledOrStalled(never, clock, () => 0n, 50n * MS, new AbortController().signal),
    );
    expect(settled).toBe(false);
    expect(clock.now()).toBe(50n * MS);
  });

  it('keeps waiting while the work progresses, then gives up when it stops', async () => {
    const clock = new FakeClock();
    let progress = 0n;
    const never = new Promise<void>(() => undefined);
    // Progress at 40 ms and 80 ms, then silence: the wait ends at the first check with no progress (150 ms).
    void clock.sleep(40n * MS).then(() => (progress = clock.now()));
    void clock.sleep(80n * MS).then(() => (progress = clock.now()));
    const settled = await clock.run(
      untilSettledOrStalled(never, clock, () => progress, 50n * MS, new AbortController().signal),
    );
    expect(settled).toBe(false);
    expect(clock.now()).toBe(150n * MS);
  });
});
