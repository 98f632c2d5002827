import { describeJudgement, judgeRepetitions } from './judge-repetitions';

describe('judgeRepetitions', () => {
  it('is met only when every repetition is within the limit', () => {
    expect(judgeRepetitions([1.1, 1.0, 1.2, 1.05, 1.15], 1.25)).toEqual({
      median: 1.1,
      min: 1.0,
      max: 1.2,
      repetitions: 5,
      verdict: 'met',
    });
  });

  it('is missed only when no repetition is within the limit', () => {
    expect(judgeRepetitions([1.3, 1.5, 1.4, 1.6, 1.35], 1.25)?.verdict).toBe('missed');
  });

  it('is inconclusive when the spread straddles the limit, whatever the median says', () => {
    const judgement = judgeRepetitions([1.1, 1.2, 1.0, 1.3, 1.1], 1.25);
    expect(judgement).toMatchObject({ median: 1.1, verdict: 'inconclusive' });
  });

  it('is inconclusive with fewer than 5 repetitions, even when they all agree', () => {
    expect(judgeRepetitions([1.0, 1.0], 1.25)).toMatchObject({ repetitions: 2, verdict: 'inconclusive' });
  });

  it('judges an at-least goal the other way round', () => {
    expect(judgeRepetitions([0.6, 0.7, 0.8, 0.9, 1], 0.5, 'at-least')).toMatchObject({ verdict: 'met' });
    expect(judgeRepetitions([0.1, 0.2, 0.3, 0.4, 0.45], 0.5, 'at-least')).toMatchObject({
      verdict: 'missed',
      median: 0.3,
    });
    expect(judgeRepetitions([0.1, 0.2, 0.3, 0.4, 0.6], 0.5, 'at-least')).toMatchObject({
      verdict: 'inconclusive',
    });
  });

  it('takes the middle two for an even count, ignores non-finite values, and is undefined for none', () => {
    expect(judgeRepetitions([4, 1, 3, 2, 5, 6], 10)?.median).toBe(3.5);
    expect(judgeRepetitions([Number.NaN, Number.POSITIVE_INFINITY], 1)).toBeUndefined();
    expect(judgeRepetitions([], 1)).toBeUndefined();
  });
});

describe('describeJudgement', () => {
  it('prints the median count and the spread, and says when there are too few repetitions', () => {
    const format = (value: number) => `${value.toFixed(2)}×`;
    expect(describeJudgement(judgeRepetitions([1, 2, 3, 4, 5], 9)!, format)).toBe(
      'median of 5 repetitions, spread 1.00×–5.00×',
    );
    expect(describeJudgement(judgeRepetitions([1, 2], 9)!, format)).toBe(
      'median of 2 repetitions, spread 1.00×–2.00×; a verdict needs ≥ 5',
    );
  });
});
