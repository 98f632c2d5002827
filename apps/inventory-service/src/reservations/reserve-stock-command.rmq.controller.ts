import { RABBITMQ_QUEUES, RESERVE_STOCK_V1 } from '@commlab/contracts';
import { handleRmqMessage, parseAmqpMessageOfType } from '@commlab/messaging-rabbitmq';
import { type ConsumerPolicy } from '@commlab/messaging';
import { CONSUMER_POLICY } from '@commlab/messaging-nest';
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, RmqContext } from '@nestjs/microservices';

import { QueuedMessageAccess } from '../auth/queued-message-access';
import { runAsServiceCaller } from '../auth/service-caller';
import { authorizationOfRmq } from '../auth/transport-authorization';
import { INVENTORY_COMMANDS_TRANSPORT } from '../rabbitmq/inventory-rmq-transports';
import { HandleReserveStockCommand } from './reserve-stock-command.use-case';

const parseCommand = parseAmqpMessageOfType(RESERVE_STOCK_V1);

/**
 * The work queue `inventory.commands` (competing consumers across inventory instances): ReserveStock
 * commands of async orders. Acked after the outcome committed; a transient failure is retried through
 * `inventory.commands.retry` with backoff; a bad message, or one that keeps failing, is dead-lettered to
 * `inventory.commands.dlq` with its reason. A message of another type finds no handler: NestJS rejects
 * it and the broker dead-letters it. Like every ReserveStock, a command needs a service token with
 * stock:reserve (its `authorization` header, added by order-service's outbox relay when it publishes):
 * without one it is dead-lettered (MISSING_TOKEN, TOKEN_INVALID, …) and changes nothing. A token that
 * expired while the command waited in the queue is accepted for INVENTORY_COMMANDS_TOKEN_GRACE_MS.
 */
@Controller()
export class ReserveStockCommandRmqController {
  private readonly logger = new Logger('RabbitMQ');

  constructor(
    private readonly commands: HandleReserveStockCommand,
    private readonly access: QueuedMessageAccess,
    @Inject(CONSUMER_POLICY) private readonly policy: ConsumerPolicy,
  ) {}

  @EventPattern(RESERVE_STOCK_V1, INVENTORY_COMMANDS_TRANSPORT)
  async onReserveStock(@Ctx() context: RmqContext): Promise<void> {
    await handleRmqMessage(context, {
      queue: RABBITMQ_QUEUES.inventoryCommands,
      parse: parseCommand,
      handle: async (command) => {
        const caller = await this.access.reserverOf(authorizationOfRmq(context));
        // The stock events it appends record who sent the command (`actor`).
        await runAsServiceCaller(caller, () => this.commands.execute(command));
      },
      policy: this.policy.retry,
      logger: this.logger,
    });
  }
}
