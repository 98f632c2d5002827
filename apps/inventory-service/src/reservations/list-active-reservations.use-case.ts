import type { Database } from '@commlab/persistence';
import { DATABASE, type KeysetPosition, type Page } from '@commlab/service-kit';
import { Inject, Injectable } from '@nestjs/common';

import { type ActiveReservation, ReservationRepository } from './reservation.repository';

/**
 * The reservations that hold stock now, oldest first, a page at a time: what another service compares with
 * its own records (order-service's reconciliation releases those whose order is gone or final without
 * them). A plain read; a reservation released meanwhile simply drops out of later pages.
 */
@Injectable()
export class ListActiveReservations {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly reservations: ReservationRepository,
  ) {}

  execute(limit: number, after?: KeysetPosition): Promise<Page<ActiveReservation>> {
    return this.reservations.listActive(this.database, limit, after);
  }
}
