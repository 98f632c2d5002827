import type { LatencyHistogram } from './latency-histogram';

/** The percentiles every report shows, in microseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/**
 * HdrHistogram answers a percentile with the highest value of its bucket (3 significant digits), which
 * can lie above the largest value actually recorded: a percentile is capped at that exact maximum.
 */
export function summarize(histogram: LatencyHistogram): LatencySummary {
  const count = histogram.totalCount;
  if (count === 0) return { count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 };
  const max = histogram.maxValue;
  const at = (percentile: number) => Math.min(histogram.getValueAtPercentile(percentile), max);
  return {
    count,
    p50: at(50),
    p90: at(90),
    p99: at(99),
    p999: at(99.9),
    max,
    mean: Math.round(histogram.mean * 10) / 10,
  };
}
