import { parseBenchTarget } from './bench-target';

describe('parseBenchTarget', () => {
  it('reads every target and its alias, processes by default', () => {
    expect([undefined, 'processes', 'stack', 'compose'].map(parseBenchTarget)).toEqual([
      { target: 'processes' },
      { target: 'processes' },
      { target: 'stack' },
      { target: 'stack' },
    ]);
  });

  it('names processes as the replacement of the removed in-process target and its alias', () => {
    for (const removed of ['in-process', 'local']) {
      const answer = parseBenchTarget(removed);
      expect(answer).toEqual({ error: expect.stringContaining(`--target ${removed}`) as unknown });
      expect(answer).toEqual({ error: expect.stringContaining('use --target processes') as unknown });
    }
  });

  it('refuses anything else', () => {
    expect(parseBenchTarget('cloud')).toEqual({ error: '--target must be processes or stack (compose)' });
  });
});
