import { hopBreakdown, type HopSpan, type Hops } from './hop-breakdown';

/** One pattern's hops over many traces: the median of each, largest first. */
export interface HopBar {
  label: string;
  /** What the time spans, after "median N ms" (default: inside the first service). */
  spans?: string;
  traces: number;
  /** Median of the traces' totals (the root span's duration, or the path's window). */
  totalMs: number;
  hops: { name: string; medianMs: number }[];
}

/** The median of `values` (any order); 0 for none. */
export function median(values: readonly number[]): number {
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
  return hopBarOf(
    label,
    traces.map((spans) => hopBreakdown(spans)),
  );
}

/** The bar of one pattern from its traces' breakdowns (hopBreakdown, pathBreakdown). */
export function hopBarOf(label: string, breakdowns: readonly Hops[], spans?: string): HopBar {
  const names = new Set(breakdowns.flatMap((hops) => [...hops.keys()]));
  const hops = [...names]
    .map((name) => ({ name, medianMs: median(breakdowns.map((hops) => hops.get(name) ?? 0)) }))
    .sort((a, b) => b.medianMs - a.medianMs);
  const totals = breakdowns.map((hops) => [...hops.values()].reduce((sum, ms) => sum + ms, 0));
  return {
    label,
    ...(spans === undefined ? {} : { spans }),
    traces: breakdowns.length,
    totalMs: median(totals),
    hops,
  };
}

/** Hops below this median are counted in one line, not listed. */
const TOO_SMALL_MS = 0.01;

/** One per hop in a bar (they repeat past the 16th); `.` is kept for the compact bar's small hops. */
const SHADES = ['█', '▓', '▒', '░', '#', '=', '+', '-', ':', '*', '~', 'o', '%', '@', 'x', '/'];
const SMALL_HOPS = '.';

const heading = (bar: HopBar) =>
  `median ${bar.totalMs.toFixed(2)} ms ${bar.spans ?? 'inside the first service'}, over ${String(bar.traces)} traces`;

const shade = (index: number) => SHADES[index % SHADES.length] ?? '#';

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
      .map((hop, index) => shade(index).repeat(Math.round(hop.medianMs * scale)))
      .join('');
    lines.push(`${bar.label}: ${heading(bar)}`, `  ${cells}`);
    bar.hops.forEach((hop, index) => {
      if (hop.medianMs < TOO_SMALL_MS) return;
      const share = sum > 0 ? (100 * hop.medianMs) / sum : 0;
      lines.push(
        `  ${shade(index)} ${hop.medianMs.toFixed(2).padStart(7)} ms ${share.toFixed(0).padStart(3)}%  ${hop.name}`,
      );
    });
    const small = bar.hops.filter((hop) => hop.medianMs < TOO_SMALL_MS).length;
    if (small > 0) lines.push(`  and ${String(small)} more under ${String(TOO_SMALL_MS)} ms each`);
  }
  return lines;
}

/** Hops under this share are drawn and counted together at the end of the compact bar. */
const COMPACT_MIN_SHARE = 0.02;

/**
 * One bar in a few lines, for the terminal after the table: the heading, the bar at `width`, and one
 * legend wrapped at `columns`. Each hop of at least 2% (nine at most: one shade each) is drawn and listed
 * with its median and share; the rest are drawn together, last, and counted.
 */
export function compactHopBar(bar: HopBar, width = 60, columns = 110): string[] {
  const sum = bar.hops.reduce((total, hop) => total + hop.medianMs, 0);
  const scale = sum > 0 ? width / sum : 0;
  const shown = bar.hops.filter((hop) => sum > 0 && hop.medianMs / sum >= COMPACT_MIN_SHARE).slice(0, 9);
  const restMs = sum - shown.reduce((total, hop) => total + hop.medianMs, 0);
  const rest = SMALL_HOPS;
  const cells =
    shown.map((hop, index) => shade(index).repeat(Math.round(hop.medianMs * scale))).join('') +
    rest.repeat(Math.round(restMs * scale));
  const share = (ms: number) => `${((100 * ms) / sum).toFixed(0)}%`;
  const entries = shown.map(
    (hop, index) => `${shade(index)} ${hop.name} ${hop.medianMs.toFixed(2)} ms ${share(hop.medianMs)}`,
  );
  const others = bar.hops.filter((hop) => !shown.includes(hop) && hop.medianMs >= TOO_SMALL_MS).length;
  if (others > 0) entries.push(`${rest} ${String(others)} more ${restMs.toFixed(2)} ms ${share(restMs)}`);
  const lines = [`${bar.label}: ${heading(bar)}`, `  ${cells}`];
  let line = '';
  for (const entry of entries) {
    if (line !== '' && line.length + entry.length + 3 > columns) {
      lines.push(`  ${line}`);
      line = '';
    }
    line = line === '' ? entry : `${line} · ${entry}`;
  }
  if (line !== '') lines.push(`  ${line}`);
  return lines;
}
