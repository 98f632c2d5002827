import { rabbitMqConsumerSettings } from '@commlab/config';
import { deadLetterQueue, RABBITMQ_QUEUES, RABBITMQ_SUBSCRIPTIONS } from '@commlab/contracts';
import {
  CloudEventsRmqDeserializer,
  type CommlabRmqServer,
  rmqQueueServer,
} from '@commlab/messaging-rabbitmq';
import type { ConsumerDeserializer } from '@nestjs/microservices';
import type { AmqpConnectionManager } from 'amqp-connection-manager';

import { NOTIFICATION, type NotificationConfig } from '../config/notification.config';
import { DeadLetterRmqDeserializer } from '../dead-letters/dead-letter.deserializer';
import {
  DEAD_LETTERS_TRANSPORT,
  NOTIFICATION_JOBS_TRANSPORT,
  ORDER_EVENTS_TRANSPORT,
} from './rmq-transports';
import { notificationTopology } from './notification-topology';

/** The RabbitMQ servers of one notification-service instance, one per queue it consumes. */
export interface NotificationRmqServers {
  /** `notifications.send`: NotificationRequested jobs (competing consumers across instances). */
  jobs: CommlabRmqServer;
  /** `notification.order-events`: the durable subscriber queue of `commlab.events` (`order.*`). */
  orderEvents: CommlabRmqServer;
  /** `notifications.send.dlq` and `notification.order-events.dlq`, drained into the `dead_letters` table. */
  deadLetters: CommlabRmqServer[];
  all: CommlabRmqServer[];
}

export function createNotificationRmqServers(config: NotificationConfig): NotificationRmqServers {
  const { prefetch } = rabbitMqConsumerSettings(config, NOTIFICATION);
  const topology = notificationTopology(config);
  const server = (queue: string, transportId: symbol, deserializer: ConsumerDeserializer) =>
    rmqQueueServer({ url: config.RABBITMQ_URL, queue, transportId, prefetch, deserializer, topology });
  const events = new CloudEventsRmqDeserializer();
  const jobs = server(RABBITMQ_QUEUES.notificationsSend, NOTIFICATION_JOBS_TRANSPORT, events);
  const orderEventsQueue = RABBITMQ_SUBSCRIPTIONS.notificationOrderEvents.queue;
  const orderEvents = server(orderEventsQueue, ORDER_EVENTS_TRANSPORT, events);
  const deadLetters = [RABBITMQ_QUEUES.notificationsSend, orderEventsQueue].map((queue) => {
    const dlq = deadLetterQueue(queue);
    return server(dlq, DEAD_LETTERS_TRANSPORT, new DeadLetterRmqDeserializer(dlq));
  });
  return { jobs, orderEvents, deadLetters, all: [jobs, orderEvents, ...deadLetters] };
}

/** /health: every server holds a live connection to RabbitMQ. */
export function assertRmqConnected(servers: NotificationRmqServers): Promise<void> {
  for (const rmq of servers.all) {
    let connected = false;
    try {
      connected = rmq.unwrap<AmqpConnectionManager>().isConnected();
    } catch {
      connected = false;
    }
    if (!connected) return Promise.reject(new Error('not connected to RabbitMQ'));
  }
  return Promise.resolve();
}
