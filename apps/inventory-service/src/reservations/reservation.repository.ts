import { placeholdersFrom, type SqlExecutor, type SqlFragment } from '@commlab/persistence';
import { cursorTimeSql, type KeysetPosition, type Page, toPage } from '@commlab/service-kit';
import { Injectable } from '@nestjs/common';

import type { Reservation } from './reservation.types';

/**
 * `active` holds stock; `released` gave it back; `cancelled` never held any: its order was cancelled
 * before its ReserveStock arrived, and the id stays taken so that a late ReserveStock is refused.
 */
export type ReservationStatus = 'active' | 'released' | 'cancelled';

/** ISO 4217's code for "no currency": the currency of a reservation recorded only as cancelled. */
const NO_CURRENCY = 'XXX';

/** The list name inside GET /reservations cursors. */
export const ACTIVE_RESERVATIONS_LIST = 'active-reservations';

/** A reservation that holds stock, as GET /reservations?status=active lists it. */
export interface ActiveReservation {
  reservationId: string;
  orderId: string;
  createdAt: string;
  lines: { sku: string; quantity: number }[];
}

/** A stored reservation with its lines (in request order) and status. */
export interface StoredReservation extends Reservation {
  status: ReservationStatus;
}

interface ReservationRow {
  reservation_id: string;
  order_id: string;
  status: ReservationStatus;
  currency: string;
  total_cents: string | number;
}

interface LineRow {
  sku: string;
  quantity: number;
  unit_price_cents: string | number;
}

/** SQL for reservations and their lines. */
@Injectable()
export class ReservationRepository {
  /** The reservation with its lines, or undefined. `lock` holds the reservation row until the transaction ends. */
  async find(sql: SqlExecutor, reservationId: string, lock = false): Promise<StoredReservation | undefined> {
    const { rows } = await sql.query<ReservationRow>(
      `SELECT reservation_id, order_id, status, currency, total_cents FROM reservations
        WHERE reservation_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [reservationId],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    const lines = await sql.query<LineRow>(
      `SELECT sku, quantity, unit_price_cents FROM reservation_lines WHERE reservation_id = $1 ORDER BY line_no`,
      [reservationId],
    );
    return {
      reservationId: row.reservation_id,
      orderId: row.order_id,
      status: row.status,
      currency: row.currency,
      totalCents: Number(row.total_cents),
      lines: lines.rows.map((line) => {
        const unitPriceCents = Number(line.unit_price_cents);
        return {
          sku: line.sku,
          quantity: line.quantity,
          unitPriceCents,
          lineTotalCents: unitPriceCents * line.quantity,
        };
      }),
    };
  }

  /**
   * A new reservation and its lines, as the guard of a decision's appends (`StockRepository.appendAll`):
   * the reservation, its lines and its stock events in ONE statement. A taken id (a concurrent request
   * with the same id committed first) writes none of them.
   */
  insertGuard(reservation: Reservation): SqlFragment {
    return {
      sql: (first) => {
        const $ = placeholdersFrom(first);
        return `guard AS (
         INSERT INTO reservations (reservation_id, order_id, status, currency, total_cents)
         VALUES (${$(0)}, ${$(1)}, 'active', ${$(2)}, ${$(3)})
         ON CONFLICT (reservation_id) DO NOTHING
         RETURNING reservation_id),
       reservation_lines_written AS (
         INSERT INTO reservation_lines (reservation_id, line_no, sku, quantity, unit_price_cents)
         SELECT guard.reservation_id, line.line_no, line.sku, line.quantity, line.unit_price_cents
           FROM guard,
                unnest(${$(4)}::text[], ${$(5)}::int[], ${$(6)}::bigint[]) WITH ORDINALITY
                  AS line (sku, quantity, unit_price_cents, line_no))`;
      },
      params: [
        reservation.reservationId,
        reservation.orderId,
        reservation.currency,
        reservation.totalCents,
        reservation.lines.map((line) => line.sku),
        reservation.lines.map((line) => line.quantity),
        reservation.lines.map((line) => line.unitPriceCents),
      ],
    };
  }

  /**
   * Records that the order of `reservationId` was cancelled before any stock was reserved for it (status
   * `cancelled`, no lines). False (and nothing written) when the id is taken: a reservation committed
   * meanwhile (then it is released instead) or an earlier record.
   */
  async insertCancelled(tx: SqlExecutor, reservationId: string, orderId: string): Promise<boolean> {
    const inserted = await tx.query(
      `INSERT INTO reservations (reservation_id, order_id, status, currency, total_cents, released_at)
       VALUES ($1, $2, 'cancelled', $3, 0, now())
       ON CONFLICT (reservation_id) DO NOTHING`,
      [reservationId, orderId, NO_CURRENCY],
    );
    return inserted.rowCount > 0;
  }

  /** A page of the reservations holding stock, oldest first (ties by id), after `after` (keyset). */
  async listActive(
    sql: SqlExecutor,
    limit: number,
    after?: KeysetPosition,
  ): Promise<Page<ActiveReservation>> {
    const params: unknown[] = [];
    let where = "status = 'active'";
    if (after !== undefined) {
      params.push(after.at, after.id);
      // A row comparison, not `created_at > $1 OR (created_at = $1 AND …)`: PostgreSQL makes it a range
      // on the reservations_active index, so a page starts at the cursor instead of rescanning every
      // active reservation before it (a reconciliation pass over 100,000 was quadratic: 8,716 index rows
      // fetched per order placed, `pnpm bench:profile-order --history`).
      where += ' AND (created_at, reservation_id) > ($1::timestamptz, $2)';
    }
    params.push(limit + 1);
    const { rows } = await sql.query<{ reservation_id: string; order_id: string; cursor_at: string }>(
      `SELECT reservation_id, order_id, ${cursorTimeSql('created_at')} AS cursor_at FROM reservations
        WHERE ${where} ORDER BY created_at, reservation_id LIMIT $${String(params.length)}`,
      params,
    );
    const page = toPage(
      ACTIVE_RESERVATIONS_LIST,
      rows,
      limit,
      (row) => ({ at: row.cursor_at, id: row.reservation_id }),
      (row) => row,
    );
    const ids = page.items.map((row) => row.reservation_id);
    const { rows: lines } = await sql.query<{ reservation_id: string; sku: string; quantity: number }>(
      `SELECT reservation_id, sku, quantity FROM reservation_lines
        WHERE reservation_id = ANY($1::text[]) ORDER BY reservation_id, line_no`,
      [ids],
    );
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((row) => ({
        reservationId: row.reservation_id,
        orderId: row.order_id,
        createdAt: row.cursor_at,
        lines: lines
          .filter((line) => line.reservation_id === row.reservation_id)
          .map(({ sku, quantity }) => ({ sku, quantity })),
      })),
    };
  }

  async markReleased(tx: SqlExecutor, reservationId: string): Promise<void> {
    await tx.query(
      `UPDATE reservations SET status = 'released', released_at = now() WHERE reservation_id = $1`,
      [reservationId],
    );
  }
}
