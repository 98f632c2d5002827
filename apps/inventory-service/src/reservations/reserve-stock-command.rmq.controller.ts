import { RABBITMQ_QUEUES, RESERVE_STOCK_V1 } from '@commlab/contracts';
import { handleRmqMessage, parseAmqpMessageOfType } from '@commlab/messaging-rabbitmq';
import { type ConsumerPolicy } from '@commlab/messaging';
import { CONSUMER_POLICY } from '@commlab/messaging-nest';
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, RmqContext } from '@nestjs/microservices';

import { INVENTORY_COMMANDS_TRANSPORT } from '../rabbitmq/inventory-rmq-transports';
import { HandleReserveStockCommand } from './reserve-stock-command.use-case';

const parseCommand = parseAmqpMessageOfType(RESERVE_STOCK_V1);

/**
 * The work queue `inventory.commands` (competing consumers across inventory instances): ReserveStock
 * commands of async orders. Acked after the outcome committed; a transient failure is retried through
 * `inventory.commands.retry` with backoff; a bad message, or one that keeps failing, is dead-lettered to
 * `inventory.commands.dlq` with its reason. A message of another type finds no handler: NestJS rejects
 * it and the broker dead-letters it.
 */
@Controller()
export class ReserveStockCommandRmqController {
  private readonly logger = new Logger('RabbitMQ');

  constructor(
    private readonly commands: HandleReserveStockCommand,
    @Inject(CONSUMER_POLICY) private readonly policy: ConsumerPolicy,
  ) {}

  @EventPattern(RESERVE_STOCK_V1, INVENTORY_COMMANDS_TRANSPORT)
  async onReserveStock(@Ctx() context: RmqContext): Promise<void> {
    await handleRmqMessage(context, {
      queue: RABBITMQ_QUEUES.inventoryCommands,
      parse: parseCommand,
      handle: async (command) => {
        await this.commands.execute(command);
      },
      policy: this.policy.retry,
      logger: this.logger,
    });
  }
}
