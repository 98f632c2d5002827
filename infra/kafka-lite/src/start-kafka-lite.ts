import { createServer, type Server, type Socket } from 'node:net';
import { KafkaLiteError } from './kafka-lite-error';
import { resolveOptions, type BrokerSettings, type KafkaLiteOptions } from './broker-options';
import { BrokerConfig } from './config/broker-config';
import { CoordinatorLog } from './durability/coordinator-log';
import { FsyncQueue } from './durability/fsync-queue';
import { GroupCoordinator } from './group/group-coordinator';
import { ProducerIds } from './group/producer-ids';
import { FetchWaiters } from './log/fetch-waiters';
import { FileStore } from './log/file-store';
import { RetentionScheduler } from './log/retention';
import { TopicStore } from './log/topic-store';
import type { BrokerState } from './server/broker-state';
import { Connection } from './server/connection';
import { IdleReaper } from './server/idle-reaper';
import { createLogger } from './server/logger';
import { MemoryBudget } from './server/memory-budget';
import { RequestHandler } from './server/request-handler';
import { StatsCounter, type KafkaLiteStats } from './server/stats';

export { KafkaLiteError } from './kafka-lite-error';
export type { KafkaLiteOptions } from './broker-options';

export interface KafkaLite {
  host: string;
  port: number;
  /** "host:port" for kafkajs `brokers` and kcat `-b`. */
  bootstrap: string;
  stats(): KafkaLiteStats;
  /** Stops accepting, closes every connection and flushes persistence. Idempotent. */
  close(): Promise<void>;
}

export async function startKafkaLite(options: KafkaLiteOptions = {}): Promise<KafkaLite> {
  const settings = resolveOptions(options);
  const { host } = settings;
  const logger = createLogger(settings.logLevel, settings.logSink);
  const stats = new StatsCounter();
  const topics = new TopicStore();
  const config = new BrokerConfig(settings);
  const groups = new GroupCoordinator(undefined, {
    initialRebalanceDelayMs: settings.groupInitialRebalanceDelayMs,
    log: (m) => {
      logger.info(m);
    },
  });
  const fsync = settings.fsync && settings.dataDir !== undefined ? new FsyncQueue() : undefined;
  const persistence =
    settings.dataDir === undefined ? undefined : openPersistence(settings.dataDir, topics, groups, fsync);
  for (const t of settings.topics) {
    if (!topics.get(t.name)) topics.create(t.name, t.partitions, new Map(Object.entries(t.configs)));
  }
  const retention = new RetentionScheduler(topics, config);
  retention.reschedule();

  const state: BrokerState = {
    topics,
    groups,
    config,
    producerIds: new ProducerIds(persistence?.coordinator.nextProducerId ?? 0, (blockEnd) =>
      persistence?.coordinator.reserveProducerIds(blockEnd),
    ),
    waiters: new FetchWaiters(),
    options: {
      defaultPartitions: settings.defaultPartitions,
      autoCreateTopics: settings.autoCreateTopics,
      minSessionTimeoutMs: settings.groupMinSessionTimeoutMs,
      maxSessionTimeoutMs: settings.groupMaxSessionTimeoutMs,
      flush: fsync && (() => fsync.flush()),
    },
    stats,
    logger,
    configChanged: () => {
      retention.reschedule();
    },
  };
  const handler = new RequestHandler(state);
  const budget = new MemoryBudget(settings.maxBufferedBytes);
  const connections = new Set<Connection>();
  let port = 0;
  const server: Server = createServer((socket: Socket) => {
    stats.openConnections++;
    stats.totalConnections++;
    const conn = new Connection(
      socket,
      handler,
      {
        maxFrameBytes: settings.maxFrameBytes,
        connectionBufferBytes: settings.connectionBufferBytes,
        advertisedPort: port,
        budget,
      },
      stats,
      logger,
    );
    connections.add(conn);
    socket.on('close', () => connections.delete(conn));
  });
  const reaper = new IdleReaper(connections, settings.connectionsMaxIdleMs, (conn, idleMs) => {
    stats.closedIdle++;
    logger.info(`closing connection ${conn.remote}: idle for ${idleMs} ms`);
    conn.destroy();
  });

  try {
    await listen(server, settings);
  } catch (err) {
    reaper.stop();
    retention.stop();
    persistence?.close();
    groups.shutdown();
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === 'EADDRINUSE' ? 'address already in use' : e.message;
    throw new KafkaLiteError('LISTEN_FAILED', `cannot listen on ${host}:${settings.port}: ${reason}`, {
      cause: err,
    });
  }
  server.on('error', (err) => {
    logger.error(`server error: ${err.message}`);
  });
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
  logger.info(`listening on ${host}:${port}`);

  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    bootstrap: `${host.includes(':') ? `[${host}]` : host}:${port}`,
    stats: (): KafkaLiteStats => {
      let partitions = 0;
      for (const [, logs] of topics.entries()) partitions += logs.length;
      let bufferedBytes = 0;
      for (const c of connections) bufferedBytes += c.bufferedBytes;
      return {
        connections: {
          open: stats.openConnections,
          total: stats.totalConnections,
          closedForErrors: stats.closedForErrors,
          closedIdle: stats.closedIdle,
        },
        memory: {
          bufferedBytes,
          budgetUsed: budget.used,
          budgetCapacity: budget.capacity,
          waitingForBudget: budget.waiters,
        },
        requests: stats.requestCounts(),
        bytesIn: stats.bytesIn,
        bytesOut: stats.bytesOut,
        messagesIn: stats.messagesIn,
        topics: topics.names().length,
        partitions,
        groups: groups.size,
        parkedFetches: state.waiters.size,
        groupTimers: groups.liveTimers,
      };
    },
    close: () => {
      closing ??= (async () => {
        retention.stop();
        reaper.stop();
        const stopped = new Promise<void>((resolve) =>
          server.close(() => {
            resolve();
          }),
        );
        for (const c of [...connections]) c.destroy();
        groups.shutdown();
        state.waiters.notifyAll();
        await stopped;
        persistence?.close();
        logger.info('closed');
      })();
      return closing;
    },
  };
}

function listen(server: Server, settings: BrokerSettings): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: settings.host, port: settings.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

interface Persistence {
  coordinator: CoordinatorLog;
  close(): void;
}

function openPersistence(
  dataDir: string,
  topics: TopicStore,
  groups: GroupCoordinator,
  fsync: FsyncQueue | undefined,
): Persistence {
  try {
    const files = FileStore.open(dataDir, topics, fsync);
    const coordinator = CoordinatorLog.open(dataDir, groups, fsync);
    return {
      coordinator,
      close: () => {
        coordinator.close();
        files.close();
      },
    };
  } catch (err) {
    throw new KafkaLiteError('DATA_DIR_FAILED', `cannot use data dir ${dataDir}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
