import { partitionLag } from './partition-lag';

describe('partition lag', () => {
  it('counts from the committed offset to the high watermark', () => {
    expect(partitionLag(0, '3', '0', '5')).toEqual({
      partition: 0,
      committed: '3',
      logStart: '0',
      highWatermark: '5',
      lag: 2,
    });
    expect(partitionLag(1, '5', '0', '5').lag).toBe(0);
  });

  it('counts from the log start when nothing is committed (-1 or absent)', () => {
    expect(partitionLag(0, '-1', '2', '7')).toMatchObject({ committed: null, lag: 5 });
    expect(partitionLag(0, undefined, '0', '4')).toMatchObject({ committed: null, lag: 4 });
    expect(partitionLag(0, '-1', '0', '0').lag).toBe(0);
  });

  it('is never negative', () => {
    expect(partitionLag(2, '9', '0', '4').lag).toBe(0);
  });
});
