import { type StepFigures, stepVerdict } from './step-verdict';

const limits = { p99LimitMs: 100, minAchievedShare: 0.9 };
const good: StepFigures = {
  offeredPerSecond: 100,
  achievedPerSecond: 99.5,
  p99Us: 80_000,
  completed: 300,
  errors: 0,
  timeouts: 0,
};

describe('stepVerdict', () => {
  it('passes a step within every limit, the limits themselves included', () => {
    expect(stepVerdict(good, limits)).toBe('ok');
    expect(stepVerdict({ ...good, p99Us: 100_000, achievedPerSecond: 90 }, limits)).toBe('ok');
  });

  it('stops on any failed or unanswered call, and on a step that completed nothing', () => {
    expect(stepVerdict({ ...good, errors: 1 }, limits)).toBe('errors');
    expect(stepVerdict({ ...good, timeouts: 2 }, limits)).toBe('errors');
    expect(stepVerdict({ ...good, completed: 0, achievedPerSecond: 0, p99Us: 0 }, limits)).toBe('errors');
  });

  it('stops when p99 passes the limit', () => {
    expect(stepVerdict({ ...good, p99Us: 100_001 }, limits)).toBe('p99 over limit');
  });

  it('stops when the achieved throughput falls below the share of the offered rate', () => {
    expect(stepVerdict({ ...good, achievedPerSecond: 89.9 }, limits)).toBe('falling behind');
  });

  it('names errors before latency, latency before throughput', () => {
    const everything = { ...good, errors: 1, p99Us: 500_000, achievedPerSecond: 10 };
    expect(stepVerdict(everything, limits)).toBe('errors');
    expect(stepVerdict({ ...everything, errors: 0 }, limits)).toBe('p99 over limit');
  });
});
