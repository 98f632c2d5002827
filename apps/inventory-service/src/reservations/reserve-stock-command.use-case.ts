import {
  type RejectionReason,
  RABBITMQ_QUEUES,
  type ReserveStockV1,
  type ReserveStockV1Message,
} from '@commlab/contracts';
import { AppError } from '@commlab/errors';
import { EventPublisher } from '@commlab/messaging';
import { Injectable } from '@nestjs/common';

import type { EventCause } from '../events/event-cause';
import { stockRejectedEvent } from '../events/stock-rejected.event';
import { type CommandOutcome, type MessageTransport, ReserveStock } from './reserve-stock.use-case';

/** The inbox consumer name of the ReserveStock commands (one per queue). */
export const RESERVE_STOCK_COMMANDS_CONSUMER = RABBITMQ_QUEUES.inventoryCommands;

/** Refusals a retry cannot change, and the StockRejected reason each is announced with. */
const REFUSALS: Readonly<Record<string, RejectionReason>> = {
  UNKNOWN_SKU: 'UNKNOWN_SKU',
  INVALID_REQUEST: 'INVALID_REQUEST',
  MIXED_CURRENCIES: 'INVALID_REQUEST',
  RESERVATION_CONFLICT: 'INVALID_REQUEST',
};

function refusalOf(error: unknown): { reason: RejectionReason; skus: string[] } | undefined {
  if (!(error instanceof AppError)) return undefined;
  const reason = REFUSALS[error.code];
  if (reason === undefined) return undefined;
  const skus = error.details?.skus;
  return {
    reason,
    skus: Array.isArray(skus) ? skus.filter((sku): sku is string => typeof sku === 'string') : [],
  };
}

/**
 * A ReserveStock command of an async order, processed once per message id. Whatever the outcome, the
 * order hears about it on Kafka `inventory`: a reservation → StockReserved, lack of stock →
 * StockRejected OUT_OF_STOCK (both committed by ReserveStock with the inbox entry), and a refusal
 * no retry can change (unknown SKU, invalid request) → StockRejected with that reason, also once. Anything
 * else (store down, contention) is thrown: the queue's policy retries it with backoff.
 *
 * `reserveOnce` is the same work for any message that asks for a reservation — a choreographed order's
 * OrderAccepted (ReserveForAcceptedOrder) reserves through it, in its own inbox.
 */
@Injectable()
export class HandleReserveStockCommand {
  constructor(
    private readonly reserveStock: ReserveStock,
    private readonly events: EventPublisher,
  ) {}

  execute(message: ReserveStockV1Message): Promise<CommandOutcome | 'refused'> {
    const cause: EventCause = { correlationId: message.correlationid, causationId: message.id };
    return this.reserveOnce(
      message.data,
      cause,
      { consumer: RESERVE_STOCK_COMMANDS_CONSUMER, messageId: message.id },
      'rmq-command',
    );
  }

  /**
   * Reserves `request` once per inbox entry (`inbox`), announcing the outcome with `cause`; `transport`
   * names the kind of message on the live feed's conflict lines.
   */
  async reserveOnce(
    request: ReserveStockV1,
    cause: EventCause,
    inbox: { consumer: string; messageId: string },
    transport: MessageTransport,
  ): Promise<CommandOutcome | 'refused'> {
    try {
      return await this.reserveStock.executeOnce(request, cause, inbox, transport);
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal === undefined) throw error;
      const { reservationId, orderId } = request;
      const result = await this.events.transactionOnce(inbox, async (unit) => {
        await unit.publish(stockRejectedEvent({ reservationId, orderId, ...refusal }, cause));
        unit.announce('stock.rejected', {
          reservationId,
          orderId,
          reason: refusal.reason,
          skus: refusal.skus.join(','),
        });
      });
      return result.status === 'duplicate' ? 'duplicate' : 'refused';
    }
  }
}
