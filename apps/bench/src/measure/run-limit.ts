/** How long one measurement runs: for a duration, or for a number of calls. */
export type RunLimit = { durationNs: bigint } | { count: number };

export function describeLimit(limit: RunLimit): string {
  return 'count' in limit ? `${limit.count} calls` : `${Number(limit.durationNs) / 1e9} s`;
}
