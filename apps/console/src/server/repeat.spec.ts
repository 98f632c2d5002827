import { setTimeout as sleep } from 'node:timers/promises';

import { repeat } from './repeat';

describe('repeat', () => {
  it('skips the task while nobody wants it, and runs it on the next tick once someone does', async () => {
    let runs = 0;
    let wanted = false;
    const repeating = repeat(
      10,
      () => {
        runs += 1;
        return Promise.resolve();
      },
      () => wanted,
    );
    await sleep(60);
    expect(runs).toBe(0);
    wanted = true;
    await sleep(60);
    expect(runs).toBeGreaterThan(0);
    await repeating.stop();
  });

  it('refresh runs a skipped task now, once, and not again while what it keeps is fresh', async () => {
    let runs = 0;
    const repeating = repeat(
      10_000,
      async () => {
        runs += 1;
        await sleep(20);
      },
      () => false,
    );
    await Promise.all([repeating.refresh(1_000), repeating.refresh(1_000)]);
    expect(runs).toBe(1);
    await repeating.refresh(1_000);
    expect(runs).toBe(1);
    await sleep(5);
    await repeating.refresh(0);
    expect(runs).toBe(2);
    await repeating.stop();
  });

  it('runs at once and again after each run when always wanted, and stops', async () => {
    let runs = 0;
    const repeating = repeat(5, () => {
      runs += 1;
      return Promise.resolve();
    });
    expect(runs).toBe(1);
    await sleep(50);
    await repeating.stop();
    const stoppedAt = runs;
    expect(stoppedAt).toBeGreaterThan(1);
    await sleep(30);
    expect(runs).toBe(stoppedAt);
  });
});
