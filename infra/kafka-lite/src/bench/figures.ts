/** Formatting and summaries shared by the benchmark's sections. */
import * as hdr from 'hdr-histogram-js';

export function histogram(): hdr.Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

/** Microseconds as milliseconds. */
export function ms(micros: number): string {
  return `${(micros / 1000).toFixed(2)} ms`;
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

export function perSec(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** "median (min – max, n runs)": the form every repeated figure is printed in. */
export function spread(values: readonly number[], format: (n: number) => string): string {
  return `${format(median(values))} (${format(Math.min(...values))} – ${format(Math.max(...values))}, ${values.length} runs)`;
}
