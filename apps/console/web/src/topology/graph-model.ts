import { hopSegments, type HopStats, type NodeId, segmentId } from '../../../src/common/topology';
import { STATIC_SEGMENTS } from './layout';

/** One line of a segment's label: a transport through it, how often, how fast. */
export interface SegmentLine {
  transport: string;
  perMinute: number;
  p50Ms: number | null;
  failures: number;
}

export interface Segment {
  id: string;
  from: NodeId;
  to: NodeId;
  /** What arrives through this segment (a hop's last segment, or a direct call), for its label. */
  lines: SegmentLine[];
  /** The live feed's own edges (every service → Redis): drawn quietly, counted in the table only. */
  feed: boolean;
}

function format(ms: number | null): string {
  if (ms === null) return '';
  return ms >= 100 ? ` · ${String(Math.round(ms))} ms` : ` · ${ms.toFixed(1)} ms`;
}

export function segmentLineText(line: SegmentLine): string {
  return `${line.transport} ${String(line.perMinute)}/min${format(line.p50Ms)}${line.failures > 0 ? ` · ${String(line.failures)} failed` : ''}`;
}

/** A transport's short name on the graph (the table has the full one): `RabbitMQ work queue (…)` → `work queue`. */
export function shortTransport(transport: string): string {
  return transport
    .replace(/^(RabbitMQ|Kafka|Redis) /, '')
    .replace(/ \((inventory\.commands|notifications\.send|commlab\.events|live feed)\)$/, '');
}

/**
 * The graph's edges: commlab's routes plus any other seen in the last minute. A hop through a broker
 * crosses two segments and lights both; its label (rate and median latency) goes on the second, where
 * it arrives, so the producer's side stays readable.
 */
export function segmentsOf(hops: readonly HopStats[]): Segment[] {
  const segments = new Map<string, Segment>();
  const segment = (from: NodeId, to: NodeId): Segment => {
    const id = segmentId(from, to);
    let found = segments.get(id);
    if (found === undefined) {
      found = { id, from, to, lines: [], feed: to === 'redis' };
      segments.set(id, found);
    }
    return found;
  };
  for (const [from, to] of STATIC_SEGMENTS) segment(from, to);
  for (const hop of hops) {
    const parts = hopSegments(hop);
    parts.forEach(([from, to], index) => {
      const arrives = index === parts.length - 1;
      const target = segment(from, to);
      if (!arrives || target.feed) return;
      target.lines.push({
        transport: shortTransport(hop.transport),
        perMinute: hop.perMinute,
        p50Ms: hop.p50Ms,
        failures: hop.failures,
      });
    });
  }
  return [...segments.values()];
}
