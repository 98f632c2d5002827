import { RABBITMQ_QUEUES } from '@commlab/contracts';
import { CloudEventsRmqDeserializer, CommlabRmqServer } from '@commlab/messaging-rabbitmq';
import type { CustomStrategy } from '@nestjs/microservices';

import type { InventoryConfig } from '../config/inventory.config';
import { INVENTORY_COMMANDS_TRANSPORT, INVENTORY_RPC_TRANSPORT } from './inventory-rmq-transports';

function rmqServer(
  config: Pick<InventoryConfig, 'RABBITMQ_URL'>,
  queue: string,
  transport: symbol,
  options: Partial<ConstructorParameters<typeof CommlabRmqServer>[0]> = {},
): CustomStrategy {
  const server = new CommlabRmqServer({
    urls: [config.RABBITMQ_URL],
    queue,
    // Notice a dead broker within seconds, and reconnect quickly once it is back.
    socketOptions: { heartbeatIntervalInSeconds: 5, reconnectTimeInSeconds: 1 },
    connectInBackground: true,
    ...options,
  });
  server.setTransportId(transport);
  return { strategy: server };
}

/**
 * inventory's RabbitMQ servers (amqp-connection-manager connects in the background, so a RabbitMQ outage
 * never blocks boot; REST and gRPC serve meanwhile):
 * - `inventory.rpc`: request-reply ReserveStock (NestJS packets, replies to the caller's direct reply-to);
 * - `inventory.commands`: ReserveStock commands of async orders (CloudEvents binary mode), manual acks,
 *   retried through `inventory.commands.retry`, poison and exhausted ones dead-lettered to `.dlq`.
 */
export function inventoryRmqServers(config: Pick<InventoryConfig, 'RABBITMQ_URL'>): CustomStrategy[] {
  return [
    rmqServer(config, RABBITMQ_QUEUES.inventoryRpc, INVENTORY_RPC_TRANSPORT),
    rmqServer(config, RABBITMQ_QUEUES.inventoryCommands, INVENTORY_COMMANDS_TRANSPORT, {
      deserializer: new CloudEventsRmqDeserializer(),
    }),
  ];
}
