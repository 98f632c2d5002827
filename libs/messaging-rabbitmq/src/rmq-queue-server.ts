import type { ConsumerDeserializer } from '@nestjs/microservices';

import { CommlabRmqServer, type TopologyOption } from './commlab-rmq-transport';

export interface RmqQueueServerOptions extends TopologyOption {
  /** amqp://… of the broker (the service's RABBITMQ_URL). */
  url: string;
  /** The queue this server consumes (from RABBITMQ_QUEUES / RABBITMQ_SUBSCRIPTIONS). */
  queue: string;
  /**
   * Tells this server's handlers apart from another queue's in the same app:
   * `@EventPattern(type, transportId)` / `@MessagePattern(pattern, transportId)`.
   */
  transportId: symbol;
  /** Unacknowledged messages at most (the consumer's `<NAME>_PREFETCH`; default 20). */
  prefetch?: number;
  /** CloudEvents binary mode (`CloudEventsRmqDeserializer`) for events and commands; NestJS packets otherwise. */
  deserializer?: ConsumerDeserializer;
  /** Start without waiting for the broker (the service serves its other transports meanwhile). */
  connectInBackground?: boolean;
}

/**
 * The one way a commlab service consumes a RabbitMQ queue: a CommlabRmqServer (manual acks, commlab's
 * topology asserted on every connect, TCP_NODELAY) that notices a dead broker within seconds and
 * reconnects quickly once it is back.
 */
export function rmqQueueServer(options: RmqQueueServerOptions): CommlabRmqServer {
  const server = new CommlabRmqServer({
    urls: [options.url],
    queue: options.queue,
    ...(options.prefetch === undefined ? {} : { prefetchCount: options.prefetch }),
    ...(options.deserializer === undefined ? {} : { deserializer: options.deserializer }),
    socketOptions: { heartbeatIntervalInSeconds: 5, reconnectTimeInSeconds: 1 },
    connectInBackground: options.connectInBackground ?? false,
    ...(options.topology === undefined ? {} : { topology: options.topology }),
  });
  server.setTransportId(options.transportId);
  return server;
}
