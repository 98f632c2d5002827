import { findKnee } from './knee';

describe('findKnee', () => {
  it('is the last passing step before the first miss, and names the miss', () => {
    expect(findKnee(['ok', 'ok', 'ok', 'p99 over limit'])).toEqual({
      index: 2,
      reached: true,
      stoppedBy: 'p99 over limit',
    });
    expect(findKnee(['ok', 'falling behind'])).toEqual({
      index: 0,
      reached: true,
      stoppedBy: 'falling behind',
    });
  });

  it('ignores a passing step after the first miss', () => {
    expect(findKnee(['ok', 'errors', 'ok'])).toEqual({ index: 0, reached: true, stoppedBy: 'errors' });
  });

  it('has no knee when the first step already missed', () => {
    expect(findKnee(['p99 over limit'])).toEqual({
      index: undefined,
      reached: true,
      stoppedBy: 'p99 over limit',
    });
  });

  it('is not reached when every step passed: the knee lies beyond the highest rate', () => {
    expect(findKnee(['ok', 'ok'])).toEqual({ index: 1, reached: false, stoppedBy: 'max rate' });
    expect(findKnee([])).toEqual({ index: undefined, reached: false, stoppedBy: 'max rate' });
  });
});
