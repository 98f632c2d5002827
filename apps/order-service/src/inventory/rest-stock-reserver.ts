import { Injectable } from '@nestjs/common';

import { InventoryHttp } from './inventory-http';
import {
  type Reservation,
  parseReservationReply,
  type ReservationRequest,
  type StockReserver,
} from './stock-reserver';

/**
 * order → inventory over REST: `POST /reservations`, `DELETE /reservations/{id}`, with a timeout and
 * order's service token (`Authorization: Bearer`).
 */
@Injectable()
export class RestStockReserver implements StockReserver {
  readonly transport = 'rest';

  constructor(private readonly http: InventoryHttp) {}

  async reserve(request: ReservationRequest): Promise<Reservation> {
    const body = await this.http.call('POST', '/reservations', request);
    return parseReservationReply(body, 'POST /reservations');
  }

  async release(reservationId: string): Promise<void> {
    await this.http.call('DELETE', `/reservations/${encodeURIComponent(reservationId)}`, undefined);
  }
}
