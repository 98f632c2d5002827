import type { Database } from '@commlab/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { reservationNotFound } from '../stock/inventory-errors';
import { StockRepository } from '../stock/stock.repository';
import { DATABASE } from '../store/store.module';
import { runTransaction } from '../store/run-transaction';
import { ReservationRepository } from './reservation.repository';
import { bySku } from './reservation-items';
import type { ReleaseResult } from './reservation.types';

/**
 * ReleaseStock: puts a reservation's units back (a StockReleased event per SKU, appended with the same
 * optimistic version check as reservations; a conflict re-runs the command). Idempotent: the second
 * release answers `released: false` with no lines. The reservation row (the reservation aggregate, not
 * stock) is locked first, so two concurrent releases cannot both return the stock.
 */
@Injectable()
export class ReleaseStockService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly stock: StockRepository,
    private readonly reservations: ReservationRepository,
  ) {}

  async release(reservationId: string): Promise<ReleaseResult> {
    return runTransaction(this.database, async (tx) => {
      const reservation = await this.reservations.find(tx, reservationId, true);
      if (reservation === undefined) throw reservationNotFound(reservationId);
      if (reservation.status === 'released') return { reservationId, released: false, lines: [] };

      const levels = new Map(
        (
          await this.stock.readStreams(
            tx,
            reservation.lines.map((line) => line.sku),
          )
        ).map((level) => [level.sku, level]),
      );
      for (const line of bySku(reservation.lines)) {
        const level = levels.get(line.sku);
        if (level === undefined)
          throw new Error(`reservation ${reservationId} holds unknown SKU ${line.sku}`);
        await this.stock.append(tx, level, [
          { type: 'StockReleased', quantity: line.quantity, reservationId },
        ]);
      }
      await this.reservations.markReleased(tx, reservationId);
      return {
        reservationId,
        released: true,
        lines: reservation.lines.map(({ sku, quantity }) => ({ sku, quantity })),
      };
    });
  }
}
