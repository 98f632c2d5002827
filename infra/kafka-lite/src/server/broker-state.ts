import type { BrokerConfig } from '../config/broker-config';
import type { GroupCoordinator } from '../group/group-coordinator';
import type { ProducerIds } from '../group/producer-ids';
import type { FetchWaiters } from '../log/fetch-waiters';
import type { TopicStore } from '../log/topic-store';
import { Writer } from '../protocol/writer';
import type { Logger } from './logger';
import type { StatsCounter } from './stats';

export interface HandlerOptions {
  defaultPartitions: number;
  autoCreateTopics: boolean;
  /** group.min.session.timeout.ms / group.max.session.timeout.ms */
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
  /** With fsync: resolves once everything written so far is on disk (awaited before acknowledging). */
  flush: (() => Promise<void>) | undefined;
}

/** What the request handlers share: the broker's state, settings and outputs. */
export interface BrokerState {
  topics: TopicStore;
  groups: GroupCoordinator;
  config: BrokerConfig;
  producerIds: ProducerIds;
  waiters: FetchWaiters;
  options: HandlerOptions;
  stats: StatsCounter;
  logger: Logger;
  /** Called after a topic or broker config changed (retention is rescheduled). */
  configChanged(): void;
}

export const NODE_ID = 0;
export const CLUSTER_ID = 'kafka-lite';
export const MAX_PARTITIONS = 10_000;

/** Encodes a response body; large record batches stay referenced (see Writer.bytesList). */
export function encode(fn: (w: Writer) => void): Buffer[] {
  const w = new Writer();
  fn(w);
  return w.toBuffers();
}
