import { measurementPlan } from './measurement-plan';

describe('measurementPlan', () => {
  it('warms every scenario up, then interleaves the repetitions A B A B', () => {
    const plan = measurementPlan(['A', 'B'], ['closed', 'open'], 2, true).map((step) =>
      step.type === 'warmup' ? `warm ${step.scenario}` : `${step.scenario} ${step.mode} #${step.repetition}`,
    );
    expect(plan).toEqual([
      'warm A',
      'warm B',
      'A closed #1',
      'A open #1',
      'B closed #1',
      'B open #1',
      'A closed #2',
      'A open #2',
      'B closed #2',
      'B open #2',
    ]);
  });

  it('no warm-up steps when warm-up is off', () => {
    expect(measurementPlan(['A'], ['open'], 1, false)).toEqual([
      { type: 'measure', scenario: 'A', mode: 'open', repetition: 1 },
    ]);
  });
});
