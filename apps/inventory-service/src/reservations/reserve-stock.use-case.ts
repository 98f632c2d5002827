import { STOCK_CONTENTION_EVENT, type StockContentionTransport } from '@commlab/contracts';
import {
  EventPublisher,
  type ProcessOnceResult,
  type TransactionRunner,
  type UnitOfWork,
} from '@commlab/messaging';
import type { Database, SqlFragment } from '@commlab/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { type EventCause, provenanceOf, resolveEventCause } from '../events/event-cause';
import { stockRejectedEvent } from '../events/stock-rejected.event';
import { stockReservedEvent } from '../events/stock-reserved.event';
import { mixedCurrencies, outOfStock, unknownSku } from '../stock/inventory-errors';
import { StockRepository, type VersionedStockLevel } from '../stock/stock.repository';
import { DATABASE } from '@commlab/service-kit';
import { runTransaction } from '../store/run-transaction';
import { decideReservation, repeatedReservation } from './decide-reservation';
import { ReservationRepository } from './reservation.repository';
import { mergeItems } from './reservation-items';
import { stockContentionLines } from './stock-contention-lines';
import type { Reservation, ReservationItem, ReserveStockCommand } from './reservation.types';

/** A request with the same id committed between our check and our insert: look again (then it is found). */
const MAX_RACE_ATTEMPTS = 3;

/** The message a command came in, recorded in the inbox in the same transaction as its outcome. */
export interface InboxEntry {
  consumer: string;
  messageId: string;
}

/** What a command message did: a redelivery of one already processed (`duplicate`) changes nothing. */
export type CommandOutcome = 'reserved' | 'out-of-stock' | 'duplicate';

type Attempt =
  | { outcome: 'reserved'; reservation: Reservation }
  | { outcome: 'out-of-stock'; skus: string[] }
  /** The command's message is in the inbox already: it was processed before. */
  | { outcome: 'duplicate' };

/**
 * Another request with the same id (or the record of its order's cancellation) committed between our
 * check and our insert. Thrown, so that the attempt's transaction rolls back — its inbox row included:
 * committing it would make the next attempt a "duplicate" that answers nothing — then look again.
 */
class ReservationRaced extends Error {
  constructor(reservationId: string) {
    super(`reservation ${reservationId} was taken by a concurrent writer`);
  }
}

/**
 * ReserveStock: all items or nothing, never more than is available, idempotent on `reservationId`.
 *
 * One command = one read-committed transaction, with no locks on stock: one statement reads whether the
 * id is known and every SKU's stream (snapshot + replay, with its version); a known id returns the stored
 * reservation; otherwise decide (`decideReservation`, pure), then one statement stores the reservation
 * and appends what it decided to each stream expecting the version read (in SKU order). If any stream
 * moved meanwhile, its append fails on `UNIQUE (sku, version)`, the whole transaction rolls back and the
 * command runs again on fresh state (runTransaction), so a decision is only ever committed on the state
 * it was made on: stock never goes below zero. A refusal for lack of stock appends ReservationRejected to
 * the short SKUs' streams (the audit trail, same version check) and reserves nothing.
 *
 * Each committed outcome is published in the same transaction (EventPublisher: the transactional outbox)
 * — a new reservation as `commlab.stock.reserved.v1`, a refusal for lack of stock as
 * `commlab.stock.rejected.v1` (OUT_OF_STOCK, the short SKUs) — and announced on the live feed after the
 * commit. A repeat of a known reservation id changes nothing and publishes nothing.
 */
/** The messages that ask for a reservation: an orchestrated order's command, a choreographed one's event. */
export type MessageTransport = Extract<StockContentionTransport, 'rmq-command' | 'kafka-event'>;

@Injectable()
export class ReserveStock {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly stock: StockRepository,
    private readonly reservations: ReservationRepository,
    private readonly events: EventPublisher,
  ) {}

  /**
   * A request (REST, gRPC, broker RPC): the reservation, or 409 OUT_OF_STOCK. `cause` names the flow and
   * the message that caused this command, for the events it publishes; `{}` = the request's correlation
   * id (HTTP header / gRPC metadata). `transport`: how the request came, for the live feed's
   * `stock.contention` lines.
   */
  async execute(
    command: ReserveStockCommand,
    cause: EventCause,
    transport: StockContentionTransport,
  ): Promise<Reservation> {
    const result = await this.run(command, cause, transport);
    if (result.outcome === 'reserved') return result.reservation;
    if (result.outcome === 'out-of-stock') throw outOfStock(result.skus);
    throw new Error(`reservation ${command.reservationId} was processed as a duplicate without an inbox`);
  }

  /**
   * The same command delivered as a message: the message id goes into the inbox in the transaction that
   * commits the outcome (reservation or refusal), so a redelivery changes nothing and publishes nothing.
   * Refusals for lack of stock are outcomes here (published as StockRejected), not errors; other refusals
   * (UNKNOWN_SKU, …) throw after a rollback, inbox row included. `transport`: which message it was, for
   * the live feed's `stock.contention` lines.
   */
  async executeOnce(
    command: ReserveStockCommand,
    cause: EventCause,
    inbox: InboxEntry,
    transport: MessageTransport,
  ): Promise<CommandOutcome> {
    return (await this.run(command, cause, transport, inbox)).outcome;
  }

  private async run(
    command: ReserveStockCommand,
    cause: EventCause,
    transport: StockContentionTransport,
    inbox?: InboxEntry,
  ): Promise<Attempt> {
    const items = mergeItems(command.items);
    const eventCause = resolveEventCause(cause);
    // The streams the latest attempt read: what a lost race is reported with.
    const read: { levels: readonly VersionedStockLevel[] } = { levels: [] };
    const { reservationId, orderId } = command;
    const runner: TransactionRunner = (work) =>
      runTransaction(this.database, work, {
        onConflict: ({ retry, gaveUp }) => {
          const lost = { read: read.levels, reservationId, orderId, transport, retry, gaveUp };
          for (const line of stockContentionLines(lost)) this.events.announce(STOCK_CONTENTION_EVENT, line);
        },
      });
    const decide = (unit: UnitOfWork) =>
      this.attempt(unit, command, items, eventCause, (levels) => (read.levels = levels));
    // A race means a request with the same id committed first; the next attempt finds what it stored.
    for (let attempt = 1; attempt <= MAX_RACE_ATTEMPTS; attempt += 1) {
      try {
        return inbox === undefined
          ? await this.events.transaction(decide, runner)
          : withDuplicates(await this.events.transactionOnce(inbox, decide, runner));
      } catch (error) {
        if (!(error instanceof ReservationRaced)) throw error;
      }
    }
    throw new Error(`reservation ${command.reservationId} kept racing with itself`);
  }

  private async attempt(
    unit: UnitOfWork,
    command: ReserveStockCommand,
    items: ReservationItem[],
    cause: EventCause,
    onRead: (levels: readonly VersionedStockLevel[]) => void,
  ): Promise<Attempt> {
    const levels = await this.stock.readLevelsUnlessTaken(
      unit.tx,
      command.reservationId,
      items.map((item) => item.sku),
    );
    if (levels === 'taken') {
      const existing = await this.reservations.find(unit.tx, command.reservationId);
      // Reservations are never deleted: a row seen taken is found (or the next attempt reads again).
      if (existing === undefined) throw new ReservationRaced(command.reservationId);
      return { outcome: 'reserved', reservation: repeatedReservation(existing, command, items) };
    }
    onRead([...levels.values()]);
    const decision = decideReservation(command, items, levels);
    const { reservationId, orderId } = command;
    switch (decision.kind) {
      case 'unknown':
        throw unknownSku(decision.skus);
      case 'mixed-currencies':
        throw mixedCurrencies(decision.currencies);
      case 'short': {
        await this.stock.appendAll(unit.tx, decision.appends, provenanceOf(cause));
        const { skus } = decision;
        await unit.publish(
          stockRejectedEvent({ reservationId, orderId, reason: 'OUT_OF_STOCK', skus }, cause),
        );
        unit.announce('stock.rejected', {
          reservationId,
          orderId,
          reason: 'OUT_OF_STOCK',
          skus: skus.join(','),
        });
        return { outcome: 'out-of-stock', skus };
      }
      case 'reserve': {
        const { reservation } = decision;
        // The reservation, its lines, its events and its outbox row in one statement; a taken id writes
        // none of them.
        await unit.publish(stockReservedEvent(reservation, cause));
        const guard = withOutboxRows(this.reservations.insertGuard(reservation), unit);
        if (!(await this.stock.appendAll(unit.tx, decision.appends, provenanceOf(cause), guard)))
          throw new ReservationRaced(reservationId);
        unit.announce('stock.reserved', { reservationId, orderId, totalCents: reservation.totalCents });
        return { outcome: 'reserved', reservation };
      }
    }
  }
}

/** `guard`, and the outbox rows `unit` staged so far, written only when the guard wrote its row. */
function withOutboxRows(guard: SqlFragment, unit: UnitOfWork): SqlFragment {
  const outbox = unit.takeOutboxInsert('EXISTS (SELECT 1 FROM guard)');
  return {
    sql: (first) => `${guard.sql(first)},
       outbox_rows AS (${outbox.sql(first + guard.params.length)})`,
    params: [...guard.params, ...outbox.params],
  };
}

function withDuplicates(result: ProcessOnceResult<Attempt>): Attempt {
  return result.status === 'duplicate' ? { outcome: 'duplicate' } : result.result;
}
