import { Injectable } from '@nestjs/common';
import { z } from 'zod';

import { AppError } from '@commlab/errors';
import { inventoryFailure } from './inventory-errors';
import { InventoryHttp } from './inventory-http';

/** Reservations asked for per page (inventory allows up to 1,000). */
const PAGE_SIZE = 500;

const pageSchema = z.object({
  reservations: z.array(
    z.object({
      reservationId: z.string(),
      orderId: z.string(),
      createdAt: z.string(),
      lines: z.array(z.object({ sku: z.string(), quantity: z.number() })),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export type ActiveReservationPage = z.infer<typeof pageSchema>['reservations'];

/**
 * inventory's reservations that hold stock, as order-service's reconciliation reads them:
 * `GET /reservations?status=active` (REST, order's service token, scope stock:reserve), page after page,
 * oldest first. A reply of another shape is 503 INVENTORY_UNAVAILABLE (BAD_RESPONSE).
 */
@Injectable()
export class InventoryReservations {
  constructor(private readonly http: InventoryHttp) {}

  /** Every active reservation, one page at a time. */
  async *active(): AsyncGenerator<ActiveReservationPage> {
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ status: 'active', limit: String(PAGE_SIZE) });
      if (cursor !== null) query.set('cursor', cursor);
      const reply = await this.http.call('GET', `/reservations?${query.toString()}`, undefined);
      const page = pageSchema.safeParse(reply);
      if (!page.success) {
        throw inventoryFailure(
          new AppError({
            code: 'BAD_RESPONSE',
            kind: 'internal',
            message: 'unexpected reply from GET /reservations',
            cause: page.error,
          }),
        );
      }
      yield page.data.reservations;
      cursor = page.data.nextCursor;
    } while (cursor !== null);
  }
}
