import {
  DEFAULT_RESTART_POLICY,
  decideRestart,
  NO_RESTARTS,
  type RestartHistory,
  type RestartPolicy,
} from './restart-policy';

const policy: RestartPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  stableAfterMs: 60_000,
  crashLoopCrashes: 5,
  crashLoopWindowMs: 120_000,
};

/** Crashes at the given times, each after `upForMs` of uptime; the delays the policy chose. */
function delaysOf(times: readonly number[], upForMs = 1_000, using = policy): number[] {
  let history: RestartHistory = NO_RESTARTS;
  return times.map((at) => {
    const decision = decideRestart(using, history, { at, upForMs });
    history = decision.history;
    return decision.delayMs;
  });
}

describe('decideRestart', () => {
  it('waits the initial delay after a first crash', () => {
    expect(decideRestart(policy, NO_RESTARTS, { at: 1_000, upForMs: 5_000 })).toEqual({
      delayMs: 500,
      attempt: 1,
      recentCrashes: 1,
      crashLoop: false,
      history: { attempt: 1, crashTimes: [1_000] },
    });
  });

  it('doubles the wait after each crash that follows a short uptime, up to the cap', () => {
    // One crash every 10 minutes: never a loop, only the backoff.
    const times = Array.from({ length: 9 }, (_, i) => i * 600_000);
    expect(delaysOf(times)).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('starts again from the initial delay once the service stayed up for stableAfterMs', () => {
    let history: RestartHistory = NO_RESTARTS;
    for (const at of [0, 600_000, 1_200_000])
      history = decideRestart(policy, history, { at, upForMs: 10 }).history;
    expect(history.attempt).toBe(3);
    const afterStable = decideRestart(policy, history, { at: 1_800_000, upForMs: 60_000 });
    expect(afterStable).toMatchObject({ delayMs: 500, attempt: 1 });
    expect(decideRestart(policy, afterStable.history, { at: 2_400_000, upForMs: 10 }).delayMs).toBe(1_000);
    // Just short of stable: the backoff goes on.
    expect(decideRestart(policy, history, { at: 1_800_000, upForMs: 59_999 })).toMatchObject({
      delayMs: 4_000,
      attempt: 4,
    });
  });

  it('calls crashLoopCrashes crashes within the window a crash loop and waits the cap', () => {
    const decisions: ReturnType<typeof decideRestart>[] = [];
    let history: RestartHistory = NO_RESTARTS;
    for (const at of [0, 1_000, 3_000, 6_000, 10_000, 20_000]) {
      const decision = decideRestart(policy, history, { at, upForMs: 0 });
      decisions.push(decision);
      history = decision.history;
    }
    expect(decisions.map((d) => d.crashLoop)).toEqual([false, false, false, false, true, true]);
    expect(decisions.map((d) => d.recentCrashes)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(decisions.map((d) => d.delayMs)).toEqual([500, 1_000, 2_000, 4_000, 30_000, 30_000]);
  });

  it('forgets crashes older than the window, so a loop ends when crashes become rare', () => {
    const inLoop = [0, 1_000, 2_000, 3_000, 4_000];
    let history: RestartHistory = NO_RESTARTS;
    for (const at of inLoop) history = decideRestart(policy, history, { at, upForMs: 0 }).history;
    const muchLater = decideRestart(policy, history, { at: 4_000 + 120_000, upForMs: 0 });
    expect(muchLater.crashLoop).toBe(false);
    expect(muchLater.recentCrashes).toBe(1);
    expect(muchLater.history.crashTimes).toEqual([124_000]);
    // A crash exactly one window after another no longer counts it.
    expect(
      decideRestart(policy, { attempt: 1, crashTimes: [0] }, { at: 120_000, upForMs: 0 }).recentCrashes,
    ).toBe(1);
  });

  it('never waits longer than the cap, however many attempts', () => {
    expect(decideRestart(policy, { attempt: 1_000, crashTimes: [] }, { at: 0, upForMs: 0 }).delayMs).toBe(
      30_000,
    );
  });

  it('honours a smaller cap and initial delay', () => {
    expect(
      delaysOf([0, 600_000, 1_200_000, 1_800_000], 0, { ...policy, initialDelayMs: 100, maxDelayMs: 300 }),
    ).toEqual([100, 200, 300, 300]);
  });

  it('defaults: 0.5 s doubling to 30 s, a loop is 5 crashes in 2 minutes, stable after 1 minute', () => {
    expect(DEFAULT_RESTART_POLICY).toEqual(policy);
  });
});
