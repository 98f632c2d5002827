/**
 * The graph the topology view draws, and the vocabulary the server and the page share to describe what
 * moved along it. Browser-safe: no Node imports (the web build imports this file).
 */

export const SERVICE_NODES = [
  'auth-service',
  'inventory-service',
  'order-service',
  'notification-service',
  'reporting-service',
] as const;
export type ServiceNode = (typeof SERVICE_NODES)[number];

export const BROKER_NODES = ['rabbitmq', 'kafka', 'redis'] as const;
export type BrokerNode = (typeof BROKER_NODES)[number];

/** `client` = whoever calls commlab from outside: curl, the console's order form, a webhook receiver. */
export type NodeId = ServiceNode | BrokerNode | 'client';

export function isServiceNode(name: string): name is ServiceNode {
  return (SERVICE_NODES as readonly string[]).includes(name);
}

/**
 * One message or call that crossed the system: from one node to another, possibly through a broker
 * (`via`), over a named transport. `ms` is its latency when the feed tells it: a sync call's own
 * duration, or for an async hop the time from the producer's line to the consumer's line (outbox,
 * broker and consumer included).
 */
export interface Hop {
  from: NodeId;
  to: NodeId;
  via?: BrokerNode;
  transport: string;
  ms?: number;
  ok: boolean;
}

/** A hop's identity: the same route and transport are one row of the topology's table. */
export function hopKey(hop: Pick<Hop, 'from' | 'to' | 'via' | 'transport'>): string {
  return `${hop.from}>${hop.via ?? ''}>${hop.to}:${hop.transport}`;
}

/** The last minute of one hop: how often, how fast (median), how many failed. */
export interface HopStats {
  key: string;
  from: NodeId;
  to: NodeId;
  via?: BrokerNode;
  transport: string;
  /** Hops in the last 60 s. */
  perMinute: number;
  /** Median latency of the hops in the last 60 s that had one; null when none had. */
  p50Ms: number | null;
  failures: number;
  lastAt: string;
}

/** The graph segments a hop lights: one direct edge, or two through its broker. */
export function hopSegments(hop: Pick<Hop, 'from' | 'to' | 'via'>): [NodeId, NodeId][] {
  return hop.via === undefined
    ? [[hop.from, hop.to]]
    : [
        [hop.from, hop.via],
        [hop.via, hop.to],
      ];
}

export function segmentId(from: NodeId, to: NodeId): string {
  return `${from}--${to}`;
}
