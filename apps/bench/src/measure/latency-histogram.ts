import * as hdr from 'hdr-histogram-js';

/** Latencies are recorded in microseconds: 1 µs resolution, up to 5 minutes, 3 significant digits. */
const HIGHEST_TRACKABLE_MICROS = 300_000_000;

export type LatencyHistogram = hdr.Histogram;

export function createLatencyHistogram(): LatencyHistogram {
  return hdr.build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_MICROS,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

/** Records one latency given in nanoseconds; anything below 1 µs counts as 1 µs, above the top as the top. */
export function recordNanos(histogram: LatencyHistogram, nanos: bigint): void {
  const micros = Number(nanos / 1000n);
  histogram.recordValue(Math.min(HIGHEST_TRACKABLE_MICROS, Math.max(1, micros)));
}

/** A new histogram holding every value of the given ones. */
export function mergeHistograms(histograms: readonly LatencyHistogram[]): LatencyHistogram {
  const merged = createLatencyHistogram();
  for (const h of histograms) merged.add(h);
  return merged;
}
