import { judgeCapacity } from './capacity-goal';
import { fixtureSweep, fixtureSyncPattern } from './sweep-fixture';
import { sweepMarkdown } from './sweep-report';
import { kneeSentence, stepLine, sweepTables } from './sweep-table';

const sync = fixtureSyncPattern();

describe('the sweep reports', () => {
  it('name the knee, or say why there is none', () => {
    expect(kneeSentence(sync, 200)).toBe(
      'knee at 20/s (achieved 19.9/s, p50 22.0 ms, p99 60.0 ms); the next step stopped the sweep: p99 over limit',
    );
    expect(
      kneeSentence({ ...sync, knee: { ...sync.knee!, reached: false }, stoppedBy: 'max rate' }, 200),
    ).toBe(
      'knee beyond 20/s (achieved 19.9/s, p50 22.0 ms, p99 60.0 ms): every step met p99 ≤ 200 ms up to the highest rate offered',
    );
    const { knee: _knee, ...none } = sync;
    expect(kneeSentence({ ...none, stoppedBy: 'errors' }, 200)).toBe(
      'no knee: the first step (10/s) already missed the limit (errors)',
    );
    expect(kneeSentence({ ...none, steps: [], setupError: 'no broker' }, 200)).toBe('not set up: no broker');
  });

  it('print one row per step, the knee marked', () => {
    const table = sweepTables(fixtureSweep([sync]));
    expect(table).toContain('e2e.order.sync: knee at 20/s');
    expect(table).toMatch(/│\s+20 │\s+19\.9 │\s+22\.0 ms │\s+60\.0 ms │\s+0 │ ok ← knee/);
    expect(table).toMatch(/│\s+40 │\s+31 │\s+300 ms │\s+900 ms │\s+0 │ p99 over limit/);
  });

  it('link the chart from sweep.md and give each pattern its table', () => {
    const markdown = sweepMarkdown(fixtureSweep([sync]));
    expect(markdown).toContain('](sweep.svg)');
    expect(markdown).toContain('## e2e.order.sync');
    expect(markdown).toContain('| 20 | 19.9 | 22.0 ms | 60.0 ms | 0 | ok ← knee |');
    expect(markdown).toContain('p99 ≤ 200 ms');
  });

  it('end with the capacity goal when the sync order was swept, and say nothing of it otherwise', () => {
    const capacityGoal = judgeCapacity([sync], 'PGlite', 200)!;
    const results = { ...fixtureSweep([sync]), capacityGoal };
    const line = `capacity goal, e2e.order.sync: ${capacityGoal.verdict} — ${capacityGoal.detail}`;
    expect(sweepTables(results).endsWith(`\n\n${line}`)).toBe(true);
    expect(sweepMarkdown(results)).toContain(`## Capacity goal\n\n${line}.`);
    expect(sweepMarkdown(fixtureSweep([sync]))).not.toContain('Capacity goal');
  });
});

describe('stepLine', () => {
  it('reports a finished step, with the first error when there was one', () => {
    const [ok, , missed] = fixtureSyncPattern().steps;
    expect(stepLine('e2e.order.sync', 0, ok!)).toBe(
      'sweep e2e.order.sync step 1: offered 10/s → achieved 10.1/s, p50 20.0 ms, p99 40.0 ms, 0 errors — ok',
    );
    const failed = { ...missed!, errors: 2, verdict: 'errors' as const, errorSamples: ['HTTP 503'] };
    expect(stepLine('e2e.order.sync', 2, failed)).toBe(
      'sweep e2e.order.sync step 3: offered 40/s → achieved 31/s, p50 300 ms, p99 900 ms, 2 errors — errors (HTTP 503)',
    );
  });
});
