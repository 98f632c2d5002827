import { checkTopicConfigs } from './config/config-defs';
import { KafkaLiteError } from './kafka-lite-error';
import { isValidTopicName } from './log/topic-store';
import type { LogLevel } from './server/logger';

export interface KafkaLiteOptions {
  /** Interface to bind; default 127.0.0.1 (never all interfaces unless asked). */
  host?: string;
  /** TCP port; 0 (default) = any free port. */
  port?: number;
  /** Keep topics, messages, committed offsets and groups in this directory across restarts. */
  dataDir?: string;
  /**
   * With `dataDir`: also fsync before acknowledging offset commits, group changes and acks=-1
   * produces (survives a machine crash, not only a process crash). Default false.
   */
  fsync?: boolean;
  /** Partitions of auto-created topics and CreateTopics with -1; default 1. */
  defaultPartitions?: number;
  /** Create unknown topics on Metadata requests (like auto.create.topics.enable); default true. */
  autoCreateTopics?: boolean;
  /** Topics to create at start (existing ones are kept), with topic configs such as `retention.ms`. */
  topics?: { name: string; partitions?: number; configs?: Record<string, string> }[];
  /** `log.retention.ms`: drop batches older than this; default -1 = keep forever. */
  retentionMs?: number;
  /** `log.retention.bytes`: drop the oldest batches while a partition holds more; default -1 = no limit. */
  retentionBytes?: number;
  /** `message.max.bytes`: largest record batch accepted; default 1048588 (Kafka's). */
  messageMaxBytes?: number;
  /** `socket.request.max.bytes`: larger request frames close the connection. Default 100 MiB. */
  maxFrameBytes?: number;
  /**
   * Memory all connections together may hold in large requests (reserved whole before they are read)
   * and unsent replies; default 128 MiB or `maxFrameBytes` if larger.
   */
  maxBufferedBytes?: number;
  /** Requests one connection may read ahead without a reservation; default 1 MiB. */
  connectionBufferBytes?: number;
  /** `connections.max.idle.ms`: close connections without traffic for this long; default 600000. */
  connectionsMaxIdleMs?: number;
  /** `group.initial.rebalance.delay.ms`: how long the first join of an empty group waits; default 3000. */
  groupInitialRebalanceDelayMs?: number;
  /** `group.min.session.timeout.ms`; default 6000. */
  groupMinSessionTimeoutMs?: number;
  /** `group.max.session.timeout.ms`; default 1800000. */
  groupMaxSessionTimeoutMs?: number;
  /** 'silent' | 'error' | 'warn' | 'info' | 'debug' (debug logs every request); default 'warn'. */
  logLevel?: LogLevel;
  /** Where log lines go; default stderr. */
  logSink?: (line: string) => void;
}

/** Kafka's defaults where kafka-lite has the same setting. */
export const DEFAULTS = {
  messageMaxBytes: 1_048_588,
  maxFrameBytes: 100 * 1024 * 1024,
  maxBufferedBytes: 128 * 1024 * 1024,
  connectionBufferBytes: 1024 * 1024,
  connectionsMaxIdleMs: 600_000,
  groupInitialRebalanceDelayMs: 3000,
  groupMinSessionTimeoutMs: 6000,
  groupMaxSessionTimeoutMs: 1_800_000,
} as const;

export type BrokerSettings = Required<Omit<KafkaLiteOptions, 'dataDir' | 'logSink' | 'topics'>> &
  Pick<KafkaLiteOptions, 'dataDir' | 'logSink'> & {
    topics: { name: string; partitions: number; configs: Record<string, string> }[];
  };

function checkInt(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new KafkaLiteError(
      'INVALID_OPTION',
      `${name} must be an integer from ${min} to ${max}, got ${String(value)}`,
    );
  }
}

/** Applies defaults and checks every option; throws KafkaLiteError INVALID_OPTION. */
export function resolveOptions(o: KafkaLiteOptions): BrokerSettings {
  const maxFrameBytes = o.maxFrameBytes ?? DEFAULTS.maxFrameBytes;
  const s: BrokerSettings = {
    host: o.host ?? '127.0.0.1',
    port: o.port ?? 0,
    dataDir: o.dataDir,
    fsync: o.fsync ?? false,
    defaultPartitions: o.defaultPartitions ?? 1,
    autoCreateTopics: o.autoCreateTopics ?? true,
    topics: [],
    retentionMs: o.retentionMs ?? -1,
    retentionBytes: o.retentionBytes ?? -1,
    messageMaxBytes: o.messageMaxBytes ?? DEFAULTS.messageMaxBytes,
    maxFrameBytes,
    maxBufferedBytes: o.maxBufferedBytes ?? Math.max(DEFAULTS.maxBufferedBytes, maxFrameBytes),
    connectionBufferBytes: o.connectionBufferBytes ?? DEFAULTS.connectionBufferBytes,
    connectionsMaxIdleMs: o.connectionsMaxIdleMs ?? DEFAULTS.connectionsMaxIdleMs,
    groupInitialRebalanceDelayMs: o.groupInitialRebalanceDelayMs ?? DEFAULTS.groupInitialRebalanceDelayMs,
    groupMinSessionTimeoutMs: o.groupMinSessionTimeoutMs ?? DEFAULTS.groupMinSessionTimeoutMs,
    groupMaxSessionTimeoutMs: o.groupMaxSessionTimeoutMs ?? DEFAULTS.groupMaxSessionTimeoutMs,
    logLevel: o.logLevel ?? 'warn',
    logSink: o.logSink,
  };
  if (s.fsync && s.dataDir === undefined) {
    throw new KafkaLiteError(
      'INVALID_OPTION',
      'fsync needs dataDir (without one nothing is written to disk)',
    );
  }
  checkInt('port', s.port, 0, 65535);
  checkInt('defaultPartitions', s.defaultPartitions, 1, 10_000);
  checkInt('retentionMs', s.retentionMs, -1);
  checkInt('retentionBytes', s.retentionBytes, -1);
  checkInt('messageMaxBytes', s.messageMaxBytes, 0, 2_147_483_647);
  checkInt('maxFrameBytes', s.maxFrameBytes, 64, 2_147_483_647);
  checkInt('maxBufferedBytes', s.maxBufferedBytes, s.maxFrameBytes);
  checkInt('connectionBufferBytes', s.connectionBufferBytes, 1024);
  checkInt('connectionsMaxIdleMs', s.connectionsMaxIdleMs, 1);
  checkInt('groupInitialRebalanceDelayMs', s.groupInitialRebalanceDelayMs, 0);
  checkInt('groupMinSessionTimeoutMs', s.groupMinSessionTimeoutMs, 1);
  checkInt('groupMaxSessionTimeoutMs', s.groupMaxSessionTimeoutMs, s.groupMinSessionTimeoutMs);
  for (const t of o.topics ?? []) {
    if (!isValidTopicName(t.name))
      throw new KafkaLiteError('INVALID_OPTION', `invalid topic name '${t.name}'`);
    const partitions = t.partitions ?? s.defaultPartitions;
    checkInt(`partitions of ${t.name}`, partitions, 1, 10_000);
    const problem = checkTopicConfigs(new Map(Object.entries(t.configs ?? {})));
    if (problem !== undefined) throw new KafkaLiteError('INVALID_OPTION', `topic ${t.name}: ${problem}`);
    s.topics.push({ name: t.name, partitions, configs: { ...t.configs } });
  }
  return s;
}
