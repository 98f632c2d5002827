import 'reflect-metadata';

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import { LiveFeed } from '@commlab/messaging-redis';
import type { Database } from '@commlab/persistence';
import {
  createServiceApp,
  openServiceStore,
  type ServiceStoreOptions,
  startOnStore,
} from '@commlab/service-kit';

import type { NotificationConfig } from './config/notification.config';
import {
  createNotificationRmqServers,
  type NotificationRmqServers,
} from './consumer/notification-rmq-servers';
import { assertNotificationTopologyAtBoot } from './consumer/notification-topology';
import { notificationAppModule, SERVICE_NAME } from './notification-app.module';
import { NOTIFICATION_MIGRATIONS } from './store/notification.migrations';

export type StartNotificationServiceOptions = ServiceStoreOptions;

export interface RunningNotificationService {
  httpUrl: string;
  database: Database;
  rmq: NotificationRmqServers;
  liveFeed: LiveFeed;
  /** This instance's name in the notifications' `sentBy`. */
  instanceId: string;
  /** Stops HTTP and the consumers (unacked messages go back to their queues), then closes the store. */
  close(): Promise<void>;
}

/**
 * Checks the RabbitMQ topology (a `notifications.send` with other arguments stops the boot), opens the store, starts the HTTP API, then the RabbitMQ consumers through NestJS's RMQ transport
 * (CommlabRmqServer: manual acks, topology asserted on every connect): the work queue
 * `notifications.send`, the subscriber queue `notification.order-events`, and the two `.dlq` queues.
 * Resolves once every consumer is connected.
 */
export async function startNotificationService(
  config: NotificationConfig,
  options: StartNotificationServiceOptions = {},
): Promise<RunningNotificationService> {
  await assertNotificationTopologyAtBoot(config);
  const database = await openServiceStore(
    {
      service: SERVICE_NAME,
      migrations: NOTIFICATION_MIGRATIONS,
      databaseUrl: config.DATABASE_URL,
      dataDir: config.NOTIFICATION_DATA_DIR,
      pgliteThread: config.PGLITE_THREAD,
    },
    options,
  );
  const liveFeed = new LiveFeed({ url: config.REDIS_URL, service: SERVICE_NAME });
  const rmq = createNotificationRmqServers(config);
  const instanceId = `${hostname()}:${String(process.pid)}:${randomBytes(3).toString('hex')}`;
  try {
    return await startOnStore(database, async () => {
      const service = await createServiceApp({
        module: notificationAppModule({ config, database, servers: rmq, feed: liveFeed, instanceId }),
        service: SERVICE_NAME,
        description:
          'Consumes the RabbitMQ work queue notifications.send (competing consumers, ack after store, retries ' +
          'with backoff, dead letters) and the subscriber queue notification.order-events; shows and redrives ' +
          'dead letters; publishes a live feed line per notification to Redis commlab.live.',
        http: { host: config.BIND_HOST, port: config.NOTIFICATION_HTTP_PORT },
        microservices: rmq.all.map((strategy) => ({ strategy })),
      });
      return { httpUrl: service.httpUrl, database, rmq, liveFeed, instanceId, close: () => service.close() };
    });
  } catch (error) {
    await Promise.all(rmq.all.map((server) => server.close().catch(() => undefined)));
    await liveFeed.close();
    throw error;
  }
}
