import { FileStore } from './log/file-store';
import { createServer, type Server, type Socket } from 'node:net';
import { GroupCoordinator } from './group/group-coordinator';
import { TopicStore, isValidTopicName } from './log/topic-store';
import { Connection } from './server/connection';
import { createLogger, type LogLevel } from './server/logger';
import { RequestHandler } from './server/request-handler';
import { StatsCounter, type KafkaLiteStats } from './server/stats';

export interface KafkaLiteOptions {
  /** Interface to bind; default 127.0.0.1 (never all interfaces unless asked). */
  host?: string;
  /** TCP port; 0 (default) = any free port. */
  port?: number;
  /** Keep topics, messages and committed offsets in this directory across restarts. */
  dataDir?: string;
  /** Partitions of auto-created topics and CreateTopics with -1; default 1. */
  defaultPartitions?: number;
  /** Create unknown topics on Metadata requests (like auto.create.topics.enable); default true. */
  autoCreateTopics?: boolean;
  /** Topics to create at start (existing ones are kept). */
  topics?: { name: string; partitions?: number }[];
  /** Drop batches older than this; default -1 = keep forever. */
  retentionMs?: number;
  /** Drop the oldest batches while a partition holds more bytes than this; default -1 = no limit. */
  retentionBytes?: number;
  /** Largest request frame accepted; larger frames close the connection. Default 100 MiB. */
  maxFrameBytes?: number;
  /** 'silent' | 'error' | 'warn' | 'info' | 'debug' (debug logs every request); default 'warn'. */
  logLevel?: LogLevel;
  /** Where log lines go; default stderr. */
  logSink?: (line: string) => void;
}

export interface KafkaLite {
  host: string;
  port: number;
  /** "host:port" for kafkajs `brokers` and kcat `-b`. */
  bootstrap: string;
  stats(): KafkaLiteStats;
  /** Stops accepting, closes every connection and flushes persistence. Idempotent. */
  close(): Promise<void>;
}

export class KafkaLiteError extends Error {
  constructor(
    readonly code: 'INVALID_OPTION' | 'LISTEN_FAILED' | 'DATA_DIR_FAILED',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'KafkaLiteError';
  }
}

const RETENTION_CHECK_MS = 1000;

function checkInt(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new KafkaLiteError('INVALID_OPTION', `${name} must be an integer >= ${min}, got ${value}`);
  }
}

export async function startKafkaLite(options: KafkaLiteOptions = {}): Promise<KafkaLite> {
  const host = options.host ?? '127.0.0.1';
  const defaultPartitions = options.defaultPartitions ?? 1;
  const retention = { retentionMs: options.retentionMs ?? -1, retentionBytes: options.retentionBytes ?? -1 };
  const maxFrameBytes = options.maxFrameBytes ?? 100 * 1024 * 1024;
  checkInt('port', options.port ?? 0, 0);
  checkInt('defaultPartitions', defaultPartitions, 1);
  checkInt('retentionMs', retention.retentionMs, -1);
  checkInt('retentionBytes', retention.retentionBytes, -1);
  checkInt('maxFrameBytes', maxFrameBytes, 64);
  for (const t of options.topics ?? []) {
    if (!isValidTopicName(t.name))
      throw new KafkaLiteError('INVALID_OPTION', `invalid topic name '${t.name}'`);
    checkInt(`partitions of ${t.name}`, t.partitions ?? defaultPartitions, 1);
  }

  const logger = createLogger(options.logLevel ?? 'warn', options.logSink);
  const stats = new StatsCounter();
  const topics = new TopicStore();
  const groups = new GroupCoordinator(undefined, (m) => {
    logger.info(m);
  });
  const persistence =
    options.dataDir === undefined ? undefined : openPersistence(options.dataDir, topics, groups);

  for (const t of options.topics ?? []) {
    if (!topics.get(t.name)) topics.create(t.name, t.partitions ?? defaultPartitions);
  }

  const handler = new RequestHandler(
    topics,
    groups,
    { defaultPartitions, autoCreateTopics: options.autoCreateTopics ?? true, retention },
    stats,
    logger,
  );
  const connections = new Set<Connection>();
  let port = 0;
  const server: Server = createServer((socket: Socket) => {
    stats.openConnections++;
    stats.totalConnections++;
    const conn = new Connection(socket, handler, { maxFrameBytes, advertisedPort: port }, stats, logger);
    connections.add(conn);
    socket.on('close', () => connections.delete(conn));
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port: options.port ?? 0 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    persistence?.close();
    groups.shutdown();
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === 'EADDRINUSE' ? 'address already in use' : e.message;
    throw new KafkaLiteError('LISTEN_FAILED', `cannot listen on ${host}:${options.port ?? 0}: ${reason}`, {
      cause: err,
    });
  }
  server.on('error', (err) => {
    logger.error(`server error: ${err.message}`);
  });
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
  logger.info(`listening on ${host}:${port}`);

  const retentionTimer =
    retention.retentionMs >= 0 || retention.retentionBytes >= 0
      ? setInterval(
          () => {
            const now = Date.now();
            for (const [, logs] of topics.entries())
              for (const log of logs) log.applyRetention(retention, now);
          },
          Math.min(
            RETENTION_CHECK_MS,
            Math.max(10, retention.retentionMs >= 0 ? retention.retentionMs : RETENTION_CHECK_MS),
          ),
        )
      : undefined;
  retentionTimer?.unref();

  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    bootstrap: `${host.includes(':') ? `[${host}]` : host}:${port}`,
    stats: () => {
      let partitions = 0;
      for (const [, logs] of topics.entries()) partitions += logs.length;
      return {
        connections: {
          open: stats.openConnections,
          total: stats.totalConnections,
          closedForErrors: stats.closedForErrors,
        },
        requests: stats.requestCounts(),
        bytesIn: stats.bytesIn,
        bytesOut: stats.bytesOut,
        messagesIn: stats.messagesIn,
        topics: topics.names().length,
        partitions,
        groups: groups.size,
        parkedFetches: handler.waiters.size,
        groupTimers: groups.liveTimers,
      };
    },
    close: () => {
      closing ??= (async () => {
        if (retentionTimer) clearInterval(retentionTimer);
        const stopped = new Promise<void>((resolve) =>
          server.close(() => {
            resolve();
          }),
        );
        for (const c of [...connections]) c.destroy();
        groups.shutdown();
        handler.waiters.notifyAll();
        await stopped;
        persistence?.close();
        logger.info('closed');
      })();
      return closing;
    },
  };
}

function openPersistence(dataDir: string, topics: TopicStore, groups: GroupCoordinator): FileStore {
  try {
    return FileStore.open(dataDir, topics, groups.offsets);
  } catch (err) {
    throw new KafkaLiteError('DATA_DIR_FAILED', `cannot use data dir ${dataDir}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
