import type { OrderCancelledV1Message } from '@commlab/contracts';
import { EventPublisher, type UnitOfWork } from '@commlab/messaging';
import { Injectable } from '@nestjs/common';

import type { EventCause } from '../events/event-cause';
import { decideCancellationEffect } from './decide-reservation';
import { ReleaseStock } from './release-stock.use-case';
import { ReservationRepository } from './reservation.repository';

/** The inbox consumer name of the OrderCancelled events (the subscriber queue's name). */
export const ORDER_CANCELLATIONS_CONSUMER = 'inventory.order-cancellations';

/** What one OrderCancelled did: a redelivery of one already processed (`duplicate`) changes nothing. */
export type CancellationOutcome = 'released' | 'recorded' | 'nothing' | 'duplicate';

/** How many times a lost race with the order's own ReserveStock is looked at again (then it is found). */
const MAX_RACE_ATTEMPTS = 3;

/**
 * Compensation of a cancelled order, exactly once per message (the inbox row commits with the effect):
 * - its reservation holds stock → ReleaseStock's release (StockReleased in the SKUs' streams and on Kafka);
 * - no reservation yet (an async order whose ReserveStock still waits in `inventory.commands`) → the
 *   cancellation is recorded under the reservation id, so the late command is refused (RESERVATION_CONFLICT,
 *   announced as StockRejected; order-service ignores it: the order is CANCELLED);
 * - already released or recorded → nothing;
 * - a reservation of another order under that id → RESERVATION_CONFLICT, not retriable: dead-lettered.
 * The order's ReserveStock and its cancellation meet on one row, `reservations (reservation_id)`: if the
 * reservation commits while the cancellation is recorded, the record finds the id taken and the
 * reservation, now visible, is released instead; if the record commits first, the reservation's insert
 * finds the id taken and the command sees the record. Either way no stock stays held for the order.
 * Store failures and stream contention are thrown: the queue's policy retries them with backoff.
 */
@Injectable()
export class ReleaseCancelledOrder {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly release: ReleaseStock,
    private readonly events: EventPublisher,
  ) {}

  async execute(message: OrderCancelledV1Message): Promise<CancellationOutcome> {
    const cause: EventCause = { correlationId: message.correlationid, causationId: message.id };
    const inbox = { consumer: ORDER_CANCELLATIONS_CONSUMER, messageId: message.id };
    const result = await this.events.transactionOnce(
      inbox,
      (unit) => this.compensate(unit, message, cause),
      this.release.runner,
    );
    return result.status === 'duplicate' ? 'duplicate' : result.result;
  }

  private async compensate(
    unit: UnitOfWork,
    message: OrderCancelledV1Message,
    cause: EventCause,
  ): Promise<Exclude<CancellationOutcome, 'duplicate'>> {
    const { reservationId, orderId } = message.data;
    for (let attempt = 1; attempt <= MAX_RACE_ATTEMPTS; attempt += 1) {
      const existing = await this.reservations.find(unit.tx, reservationId, true);
      const effect = decideCancellationEffect(existing, orderId);
      switch (effect.kind) {
        case 'release':
          await this.release.releaseLocked(unit, effect.reservation, cause);
          return 'released';
        case 'nothing':
          return 'nothing';
        case 'record-cancellation':
          if (await this.reservations.insertCancelled(unit.tx, reservationId, orderId)) {
            unit.announce('reservation.cancelled', { reservationId, orderId });
            return 'recorded';
          }
        // The order's reservation committed meanwhile: look again, it is found now.
      }
    }
    throw new Error(`reservation ${reservationId} kept racing with its cancellation`);
  }
}
