import { type Hop, hopKey, type HopStats } from '../common/topology';

const WINDOW_MS = 60_000;

interface Sample {
  at: number;
  ms: number | undefined;
  ok: boolean;
}

interface Route {
  hop: Pick<Hop, 'from' | 'to' | 'via' | 'transport'>;
  samples: Sample[];
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return value === undefined ? null : Math.round(value * 10) / 10;
}

/** The last minute of every hop seen on the live feed: rate, median latency, failures. */
export class HopWindow {
  private readonly routes = new Map<string, Route>();

  constructor(private readonly now: () => number = Date.now) {}

  add(hop: Hop, at: number = this.now()): void {
    const key = hopKey(hop);
    let route = this.routes.get(key);
    if (route === undefined) {
      const { from, to, via, transport } = hop;
      route = { hop: { from, to, ...(via === undefined ? {} : { via }), transport }, samples: [] };
      this.routes.set(key, route);
    }
    route.samples.push({ at, ms: hop.ms, ok: hop.ok });
  }

  /** Every hop seen in the last minute, busiest first. */
  stats(): HopStats[] {
    const horizon = this.now() - WINDOW_MS;
    const result: HopStats[] = [];
    for (const [key, route] of this.routes) {
      route.samples = route.samples.filter((sample) => sample.at >= horizon);
      const last = route.samples.at(-1);
      if (last === undefined) {
        this.routes.delete(key);
        continue;
      }
      result.push({
        key,
        ...route.hop,
        perMinute: route.samples.length,
        p50Ms: median(route.samples.flatMap((sample) => (sample.ms === undefined ? [] : [sample.ms]))),
        failures: route.samples.filter((sample) => !sample.ok).length,
        lastAt: new Date(last.at).toISOString(),
      });
    }
    return result.sort((a, b) => b.perMinute - a.perMinute || a.key.localeCompare(b.key));
  }
}
