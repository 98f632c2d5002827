import { capacityLine, judgeCapacity } from './capacity-goal';
import { fixtureStep } from './sweep-fixture';
import type { PatternSweep, SweepStep } from './sweep-results';

function order(steps: SweepStep[]): PatternSweep[] {
  return [{ name: 'e2e.order.sync', description: 'sync order', placement: 'here', steps }];
}

describe('judgeCapacity', () => {
  it('takes the last step within p99 ≤ 50 ms before the first one past it, and misses below the goal', () => {
    const steps = [
      fixtureStep(5, 5, 20, 30),
      fixtureStep(8, 8, 21, 45),
      fixtureStep(11, 11, 22, 80),
      // A later step back under 50 ms does not count: the first step past the limit ends the capacity.
      fixtureStep(17, 17, 22, 40),
    ];
    const result = judgeCapacity(order(steps), 'PGlite', 200)!;
    expect(result).toMatchObject({ capacityPerSecond: 8, limit: 150, verdict: 'missed' });
    expect(capacityLine(result)).toBe(
      'capacity goal, e2e.order.sync: missed — 8/s (one sweep; goal ≥ 150/s with p99 ≤ 50.0 ms on PGlite)',
    );
  });

  it('holds PostgreSQL to 300/s and meets the goal when a step within the limit reaches it', () => {
    const steps = [fixtureStep(200, 199, 5, 20), fixtureStep(300, 301, 6, 40), fixtureStep(450, 380, 9, 300)];
    expect(judgeCapacity(order(steps), 'PostgreSQL', 200)).toMatchObject({
      capacityPerSecond: 301,
      limit: 300,
      verdict: 'met',
    });
  });

  it('counts a step that failed the sweep (errors, falling behind) as past the limit, whatever its p99', () => {
    const steps = [fixtureStep(5, 5, 20, 30), fixtureStep(8, 6, 21, 45, 'falling behind')];
    expect(judgeCapacity(order(steps), 'PGlite', 200)).toMatchObject({
      capacityPerSecond: 5,
      verdict: 'missed',
    });
  });

  it('checks nothing when no step showed where the limit lies', () => {
    // Every step within 50 ms, and the sweep ran out of rates.
    const allWithin = judgeCapacity(
      order([fixtureStep(5, 5, 20, 30), fixtureStep(8, 8, 20, 30)]),
      'PGlite',
      200,
    );
    expect(allWithin).toMatchObject({ verdict: 'not checked' });
    expect(allWithin!.detail).toMatch(/^at least 8\/s, the sweep stopped before a step passed p99 50\.0 ms/);
    // The sweep's own limit (20 ms) is tighter than the goal's: its p99 stop says nothing about 50 ms.
    const tighter = judgeCapacity(
      order([fixtureStep(5, 5, 10, 15), fixtureStep(8, 8, 12, 25, 'p99 over limit')]),
      'PGlite',
      20,
    );
    expect(tighter).toMatchObject({ verdict: 'not checked' });
  });

  it('holds a running stack (store unknown) to PGlite’s limit, and says so; no order pattern, no goal', () => {
    const result = judgeCapacity(order([fixtureStep(5, 5, 20, 80)]), 'unknown', 200)!;
    expect(result).toMatchObject({ capacityPerSecond: 0, limit: 150, verdict: 'missed' });
    expect(result.detail).toContain('on PGlite (store unknown)');
    expect(judgeCapacity([], 'PGlite', 200)).toBeUndefined();
  });
});
