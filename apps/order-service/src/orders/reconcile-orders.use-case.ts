import { isAppError } from '@commlab/errors';
import { EventPublisher } from '@commlab/messaging';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { InventoryReservations } from '../inventory/inventory-reservations';
import { STOCK_RESERVERS, type StockReserver } from '../inventory/stock-reserver';
import { confirmedWithoutReservation, decideReservationRepair } from './decide-reconciliation';
import type { Order } from './order';
import { OrderRepository } from './order.repository';

/** RECONCILE_GRACE_MS: a reservation younger than this is left alone. */
export const RECONCILE_GRACE_MS = Symbol('RECONCILE_GRACE_MS');

/** CONFIRMED orders read per query. */
const ORDER_PAGE_SIZE = 1_000;

/** What one reconciliation found and did. */
export interface ReconciliationReport {
  startedAt: string;
  finishedAt: string;
  /** Active reservations inventory listed. */
  reservationsChecked: number;
  /** Reservations released because their order is final without stock or unknown. */
  released: { reservationId: string; orderId: string; orderStatus: string }[];
  /** Releases that failed (retried at the next reconciliation). */
  releaseFailed: { reservationId: string; orderId: string; code: string }[];
  /** Reservations left alone because they are younger than RECONCILE_GRACE_MS. */
  tooYoung: number;
  /** CONFIRMED orders inventory holds no reservation for: reported, not repaired. */
  confirmedWithoutReservation: string[];
}

/**
 * Compares order-service's orders with inventory's active reservations (GET /reservations?status=active)
 * and repairs what disagrees (decideReservationRepair): a reservation held for an order that is REJECTED,
 * CANCELLED, EXPIRED or does not exist — older than RECONCILE_GRACE_MS — is released (ReleaseStock over
 * gRPC with order's service token); a CONFIRMED order without an active reservation is reported (stock is
 * not invented). Every repair and report is logged (warn) and announced on the live feed
 * (`reconciliation.released`, `reconciliation.missing-reservation`, then `reconciliation.completed`).
 * The CONFIRMED orders compared are those confirmed before the reservations were listed. One pass at a
 * time: a call while one runs gets that pass's report.
 */
@Injectable()
export class ReconcileOrders {
  private readonly logger = new Logger(ReconcileOrders.name);
  private readonly releaser: StockReserver;
  private running: Promise<ReconciliationReport> | undefined;

  constructor(
    private readonly orders: OrderRepository,
    private readonly inventory: InventoryReservations,
    private readonly events: EventPublisher,
    @Inject(STOCK_RESERVERS) reservers: StockReserver[],
    @Inject(RECONCILE_GRACE_MS) private readonly graceMs: number,
  ) {
    const releaser = reservers.find((reserver) => reserver.transport === 'grpc') ?? reservers[0];
    if (releaser === undefined) throw new Error('no stock reserver to release reservations with');
    this.releaser = releaser;
  }

  execute(now = new Date()): Promise<ReconciliationReport> {
    this.running ??= this.reconcile(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async reconcile(now: Date): Promise<ReconciliationReport> {
    const report: ReconciliationReport = {
      startedAt: now.toISOString(),
      finishedAt: now.toISOString(),
      reservationsChecked: 0,
      released: [],
      releaseFailed: [],
      tooYoung: 0,
      confirmedWithoutReservation: [],
    };
    const reservedOrderIds = new Set<string>();
    for await (const page of this.inventory.active()) {
      const statuses = await this.orders.statusesOf(page.map((reservation) => reservation.orderId));
      for (const reservation of page) {
        report.reservationsChecked += 1;
        const status = statuses.get(reservation.orderId);
        const repair = decideReservationRepair(reservation, status, now, this.graceMs);
        if (repair.kind === 'keep') reservedOrderIds.add(reservation.orderId);
        if (repair.kind === 'too-young') report.tooYoung += 1;
        if (repair.kind === 'release') await this.release(reservation, repair.orderStatus, report);
      }
    }
    await this.reportMissingReservations(now, reservedOrderIds, report);
    report.finishedAt = new Date().toISOString();
    this.events.announce('reconciliation.completed', {
      reservationsChecked: report.reservationsChecked,
      released: report.released.length,
      releaseFailed: report.releaseFailed.length,
      confirmedWithoutReservation: report.confirmedWithoutReservation.length,
    });
    return report;
  }

  private async release(
    reservation: { reservationId: string; orderId: string },
    orderStatus: Exclude<Order['status'], 'PENDING' | 'CONFIRMED'> | 'UNKNOWN',
    report: ReconciliationReport,
  ): Promise<void> {
    const { reservationId, orderId } = reservation;
    try {
      await this.releaser.release(reservationId);
    } catch (error) {
      const code = isAppError(error) ? error.code : 'INTERNAL';
      report.releaseFailed.push({ reservationId, orderId, code });
      this.logger.warn(
        { err: error, reservationId, orderId, orderStatus },
        'reconciliation: releasing a stray reservation failed; the next reconciliation tries again',
      );
      return;
    }
    report.released.push({ reservationId, orderId, orderStatus });
    this.logger.warn(
      { reservationId, orderId, orderStatus },
      'reconciliation: released stock held for an order that holds none',
    );
    this.events.announce('reconciliation.released', { reservationId, orderId, orderStatus });
  }

  private async reportMissingReservations(
    now: Date,
    reservedOrderIds: ReadonlySet<string>,
    report: ReconciliationReport,
  ): Promise<void> {
    let after = '';
    for (;;) {
      const confirmed = await this.orders.confirmedBefore(now, ORDER_PAGE_SIZE, after);
      for (const orderId of confirmedWithoutReservation(confirmed, reservedOrderIds)) {
        report.confirmedWithoutReservation.push(orderId);
        this.logger.warn({ orderId }, 'reconciliation: a CONFIRMED order holds no reservation in inventory');
        this.events.announce('reconciliation.missing-reservation', { orderId, orderStatus: 'CONFIRMED' });
      }
      const last = confirmed.at(-1);
      if (confirmed.length < ORDER_PAGE_SIZE || last === undefined) return;
      after = last;
    }
  }
}
