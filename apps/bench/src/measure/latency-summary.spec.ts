import { createLatencyHistogram } from './latency-histogram';
import { summarize } from './latency-summary';

describe('summarize', () => {
  it('never reports a percentile above the largest recorded value (HdrHistogram buckets round up)', () => {
    const histogram = createLatencyHistogram();
    for (let i = 0; i < 99; i += 1) histogram.recordValue(100);
    histogram.recordValue(17_505);
    // The bucket of 17 505 µs reaches past it at 3 significant digits.
    expect(histogram.getValueAtPercentile(99.9)).toBeGreaterThan(17_505);
    const summary = summarize(histogram);
    expect(summary).toMatchObject({ count: 100, p50: 100, max: 17_505 });
    expect(summary.p999).toBe(17_505);
    expect(summary.p99).toBeLessThanOrEqual(summary.max);
  });

  it('is all zeros for an empty histogram', () => {
    expect(summarize(createLatencyHistogram())).toEqual({
      count: 0,
      p50: 0,
      p90: 0,
      p99: 0,
      p999: 0,
      max: 0,
      mean: 0,
    });
  });
});
