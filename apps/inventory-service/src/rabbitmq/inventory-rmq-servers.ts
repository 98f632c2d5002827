import { rabbitMqConsumerSettings } from '@commlab/config';
import { RABBITMQ_QUEUES, RABBITMQ_SUBSCRIPTIONS } from '@commlab/contracts';
import { CloudEventsRmqDeserializer, rmqQueueServer } from '@commlab/messaging-rabbitmq';
import type { CustomStrategy } from '@nestjs/microservices';

import { INVENTORY_COMMANDS, type InventoryConfig } from '../config/inventory.config';
import {
  INVENTORY_COMMANDS_TRANSPORT,
  INVENTORY_ORDER_CANCELLATIONS_TRANSPORT,
  INVENTORY_RPC_TRANSPORT,
} from './inventory-rmq-transports';

/**
 * inventory's RabbitMQ servers (connected in the background, so a RabbitMQ outage never blocks boot;
 * REST and gRPC serve meanwhile):
 * - `inventory.rpc`: request-reply ReserveStock (NestJS packets, replies to the caller's direct reply-to);
 * - `inventory.commands`: ReserveStock commands of async orders (CloudEvents binary mode), manual acks,
 *   retried through `inventory.commands.retry`, poison and exhausted ones dead-lettered to `.dlq`;
 * - `inventory.order-cancellations`: the subscriber queue of `commlab.events` (`order.cancelled`), with the
 *   same prefetch and failure policy as the commands.
 */
export function inventoryRmqServers(config: InventoryConfig): CustomStrategy[] {
  const commands = rabbitMqConsumerSettings(config, INVENTORY_COMMANDS);
  return [
    rmqQueueServer({
      url: config.RABBITMQ_URL,
      queue: RABBITMQ_QUEUES.inventoryRpc,
      transportId: INVENTORY_RPC_TRANSPORT,
      connectInBackground: true,
    }),
    rmqQueueServer({
      url: config.RABBITMQ_URL,
      queue: RABBITMQ_QUEUES.inventoryCommands,
      transportId: INVENTORY_COMMANDS_TRANSPORT,
      prefetch: commands.prefetch,
      deserializer: new CloudEventsRmqDeserializer(),
      connectInBackground: true,
    }),
    rmqQueueServer({
      url: config.RABBITMQ_URL,
      queue: RABBITMQ_SUBSCRIPTIONS.inventoryOrderCancellations.queue,
      transportId: INVENTORY_ORDER_CANCELLATIONS_TRANSPORT,
      prefetch: commands.prefetch,
      deserializer: new CloudEventsRmqDeserializer(),
      connectInBackground: true,
    }),
  ].map((strategy) => ({ strategy }));
}
