import { hopBreakdown, type HopSpan } from './hop-breakdown';

/** One pattern's hops over many traces: the median of each, largest first. */
export interface HopBar {
  label: string;
  traces: number;
  /** Median of the root span's duration over the traces. */
  totalMs: number;
  hops: { name: string; medianMs: number }[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * The bar of one pattern from its traces. A hop missing from a trace counts as 0 ms there, so every
 * hop's median is over the same traces; medians need not add up to the median total (the text says so).
 */
export function hopBar(label: string, traces: readonly (readonly HopSpan[])[]): HopBar {
  const breakdowns = traces.map((spans) => hopBreakdown(spans));
  const names = new Set(breakdowns.flatMap((hops) => [...hops.keys()]));
  const hops = [...names]
    .map((name) => ({ name, medianMs: median(breakdowns.map((hops) => hops.get(name) ?? 0)) }))
    .sort((a, b) => b.medianMs - a.medianMs);
  const totals = breakdowns.map((hops) => [...hops.values()].reduce((sum, ms) => sum + ms, 0));
  return { label, traces: traces.length, totalMs: median(totals), hops };
}

/** Hops below this median are counted in one line, not listed. */
const TOO_SMALL_MS = 0.01;

const SHADES = ['█', '▓', '▒', '░', '#', '=', '+', '-', ':', '.'];

/**
 * The bars as terminal lines: one stacked bar per pattern scaled to the longest, each hop drawn with its
 * own shade, then a legend with each hop's median in ms and share.
 */
export function formatHopBars(bars: readonly HopBar[], width = 60): string[] {
  const longest = Math.max(0, ...bars.map((bar) => bar.hops.reduce((sum, hop) => sum + hop.medianMs, 0)));
  const scale = longest > 0 ? width / longest : 0;
  const lines: string[] = [];
  for (const bar of bars) {
    const sum = bar.hops.reduce((total, hop) => total + hop.medianMs, 0);
    const cells = bar.hops
      .map((hop, index) => (SHADES[index % SHADES.length] ?? '#').repeat(Math.round(hop.medianMs * scale)))
      .join('');
    lines.push(
      `${bar.label}: median ${bar.totalMs.toFixed(2)} ms inside the first service, over ${String(bar.traces)} traces`,
    );
    lines.push(`  ${cells}`);
    bar.hops.forEach((hop, index) => {
      if (hop.medianMs < TOO_SMALL_MS) return;
      const share = sum > 0 ? (100 * hop.medianMs) / sum : 0;
      lines.push(
        `  ${SHADES[index % SHADES.length] ?? '#'} ${hop.medianMs.toFixed(2).padStart(7)} ms ${share.toFixed(0).padStart(3)}%  ${hop.name}`,
      );
    });
    const small = bar.hops.filter((hop) => hop.medianMs < TOO_SMALL_MS).length;
    if (small > 0) lines.push(`  and ${String(small)} more under ${String(TOO_SMALL_MS)} ms each`);
  }
  return lines;
}
