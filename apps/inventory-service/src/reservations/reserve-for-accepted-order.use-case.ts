import { type CommlabMessage, KAFKA_CONSUMER_GROUPS } from '@commlab/contracts';
import { Injectable } from '@nestjs/common';

import { QueuedMessageAccess } from '../auth/queued-message-access';
import { runAsServiceCaller } from '../auth/service-caller';
import { decideOrderEvent } from './decide-order-event';
import type { CommandOutcome } from './reserve-stock.use-case';
import { HandleReserveStockCommand } from './reserve-stock-command.use-case';

/** The inbox consumer name of inventory's reader of Kafka `orders` (its consumer group's). */
export const ORDER_EVENTS_CONSUMER = KAFKA_CONSUMER_GROUPS.inventoryOrderEvents;

/**
 * The choreographed saga's inventory step: a choreographed order's OrderAccepted reserves its stock
 * exactly as a ReserveStock command does (HandleReserveStockCommand.reserveOnce) — once per event id
 * (inbox `inventory-order-events`), StockReserved / StockRejected on Kafka `inventory` with the event as
 * their cause (causation id = the OrderAccepted id), a refusal no retry changes announced once too. An
 * order cancelled before its event arrives is refused like a late command. Anything else on `orders` is
 * ignored (decideOrderEvent).
 */
@Injectable()
export class ReserveForAcceptedOrder {
  constructor(
    private readonly reservations: HandleReserveStockCommand,
    private readonly access: QueuedMessageAccess,
  ) {}

  /**
   * `authorization`: the record's header. Checked only for an event inventory acts on (the topic's other
   * records carry none); a refusal throws, and the consumer dead-letters the record.
   */
  async execute(
    message: CommlabMessage,
    authorization: string | undefined,
  ): Promise<CommandOutcome | 'refused' | 'ignored'> {
    const decision = decideOrderEvent(message);
    if (decision.action === 'ignore') return 'ignored';
    // The stock events it appends record who sent the event (`actor`), as for a command.
    const caller = await this.access.reserverOf(authorization);
    return runAsServiceCaller(caller, () =>
      this.reservations.reserveOnce(
        decision.request,
        { correlationId: message.correlationid, causationId: message.id },
        { consumer: ORDER_EVENTS_CONSUMER, messageId: message.id },
        'kafka-event',
      ),
    );
  }
}
