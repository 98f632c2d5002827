import { LIVE_FEED, type LiveFeed, OutboxRelay, recordInInbox } from '@commlab/messaging';
import type { Database, SqlExecutor } from '@commlab/persistence';
import { Inject, Injectable, Optional } from '@nestjs/common';

import { enqueueInventoryEvent } from '../events/enqueue-inventory-event';
import { type EventCause, resolveEventCause } from '../events/event-cause';
import { stockRejectedEvent } from '../events/stock-rejected.event';
import { stockReservedEvent } from '../events/stock-reserved.event';
import { mixedCurrencies, outOfStock, reservationConflict, unknownSku } from '../stock/inventory-errors';
import { StockRepository, type VersionedStockLevel } from '../stock/stock.repository';
import { DATABASE } from '../store/store.module';
import { runTransaction } from '../store/run-transaction';
import { type StoredReservation, ReservationRepository } from './reservation.repository';
import { bySku, mergeItems, priceLines, sameItems } from './reservation-items';
import type { ReservationItem, Reservation, ReserveStockCommand } from './reservation.types';

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
  /** `published`: a new reservation, announced in the outbox (false for a repeat of a known id). */
  | { outcome: 'reserved'; reservation: Reservation; published: boolean }
  | { outcome: 'out-of-stock'; skus: string[] }
  /** Another request with the same id committed between our check and our insert: look again. */
  | { outcome: 'raced' }
  /** The command's message is in the inbox already: it was processed before. */
  | { outcome: 'duplicate' };

/**
 * ReserveStock: all items or nothing, never more than is available, idempotent on `reservationId`.
 *
 * One command = one read-committed transaction, with no locks on stock: return the stored reservation if
 * the id is known; otherwise read every SKU's stream (snapshot + replay, with its version), decide on all of
 * them, then append a StockReserved event to each stream expecting the version read (in SKU order), and
 * store the reservation. If any stream moved meanwhile, its append fails on `UNIQUE (sku, version)`, the
 * whole transaction rolls back and the command runs again on fresh state (runTransaction), so a decision is
 * only ever committed on the state it was made on: stock never goes below zero. A refusal for lack of
 * stock appends ReservationRejected to the short SKUs' streams (the audit trail, same version check) and
 * reserves nothing.
 *
 * Each committed outcome is announced through the transactional outbox, in the same transaction: a new
 * reservation → `commlab.stock.reserved.v1`, a refusal for lack of stock → `commlab.stock.rejected.v1`
 * (OUT_OF_STOCK, the short SKUs); the relay publishes them to Kafka after the commit. A repeat of a known
 * reservation id changes nothing and announces nothing.
 */
@Injectable()
export class ReserveStockService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly stock: StockRepository,
    private readonly reservations: ReservationRepository,
    // Optional so the use case can be built by hand (tests); without it the relay's next poll publishes.
    @Optional() @Inject(OutboxRelay) private readonly outboxRelay?: Pick<OutboxRelay, 'notify'>,
    // The fire-and-forget activity line on Redis `commlab.live` (optional, like the relay).
    @Optional() @Inject(LIVE_FEED) private readonly feed?: Pick<LiveFeed, 'publish'>,
  ) {}

  /**
   * `cause` names the flow and the message that caused this command, for the events it publishes;
   * by default the request's correlation id (HTTP header / gRPC metadata) is both.
   */
  async reserve(command: ReserveStockCommand, cause: EventCause = {}): Promise<Reservation> {
    const result = await this.run(command, cause);
    if (result.outcome === 'reserved') return result.reservation;
    if (result.outcome === 'out-of-stock') throw outOfStock(result.skus);
    throw new Error(`reservation ${command.reservationId} was processed as a duplicate without an inbox`);
  }

  /**
   * The same command delivered as a message: the message id goes into the inbox in the transaction that
   * commits the outcome (reservation or refusal), so a redelivery changes nothing and announces nothing.
   * Refusals for lack of stock are outcomes here (announced as StockRejected), not errors; other refusals
   * (UNKNOWN_SKU, …) throw after a rollback, inbox row included.
   */
  async reserveOnce(
    command: ReserveStockCommand,
    cause: EventCause,
    inbox: InboxEntry,
  ): Promise<CommandOutcome> {
    return (await this.run(command, cause, inbox)).outcome;
  }

  private async run(
    command: ReserveStockCommand,
    cause: EventCause,
    inbox?: InboxEntry,
  ): Promise<Exclude<Attempt, { outcome: 'raced' }>> {
    const items = mergeItems(command.items);
    const eventCause = resolveEventCause(cause);
    // 'raced' means a request with the same id committed first; the next attempt finds and returns it.
    for (let attempt = 1; attempt <= MAX_RACE_ATTEMPTS; attempt += 1) {
      const result = await runTransaction(this.database, async (tx) => {
        if (inbox !== undefined && !(await recordInInbox(tx, inbox.consumer, inbox.messageId)))
          return { outcome: 'duplicate' } as const;
        return this.attempt(tx, command, items, eventCause);
      });
      if (result.outcome === 'raced') continue;
      if (result.outcome === 'reserved' && result.published) {
        this.outboxRelay?.notify();
        this.feed?.publish('stock.reserved', {
          reservationId: command.reservationId,
          orderId: command.orderId,
          totalCents: result.reservation.totalCents,
        });
      }
      if (result.outcome === 'out-of-stock') {
        this.outboxRelay?.notify();
        this.feed?.publish('stock.rejected', {
          reservationId: command.reservationId,
          orderId: command.orderId,
          reason: 'OUT_OF_STOCK',
          skus: result.skus.join(','),
        });
      }
      return result;
    }
    throw new Error(`reservation ${command.reservationId} kept racing with itself`);
  }

  private async attempt(
    tx: SqlExecutor,
    command: ReserveStockCommand,
    items: ReservationItem[],
    cause: EventCause,
  ): Promise<Attempt> {
    const existing = await this.reservations.find(tx, command.reservationId);
    if (existing !== undefined) {
      return { outcome: 'reserved', reservation: repeat(existing, command, items), published: false };
    }

    const levels = new Map(
      (
        await this.stock.readStreams(
          tx,
          items.map((item) => item.sku),
        )
      ).map((level) => [level.sku, level]),
    );
    const unknown = items.filter((item) => !levels.has(item.sku)).map((item) => item.sku);
    if (unknown.length > 0) throw unknownSku(unknown);
    const levelOf = (sku: string): VersionedStockLevel => {
      const level = levels.get(sku);
      if (level === undefined) throw unknownSku([sku]);
      return level;
    };

    const currencies = [...new Set(items.map((item) => levelOf(item.sku).currency))];
    const [currency] = currencies;
    if (currency === undefined || currencies.length > 1) throw mixedCurrencies(currencies);

    const short = items.filter((item) => levelOf(item.sku).available < item.quantity);
    if (short.length > 0) {
      for (const item of bySku(short)) {
        await this.stock.append(tx, levelOf(item.sku), [
          { type: 'ReservationRejected', quantity: item.quantity, reservationId: command.reservationId },
        ]);
      }
      const skus = short.map((item) => item.sku);
      await enqueueInventoryEvent(
        tx,
        stockRejectedEvent(
          { reservationId: command.reservationId, orderId: command.orderId, reason: 'OUT_OF_STOCK', skus },
          cause,
        ),
      );
      return { outcome: 'out-of-stock', skus };
    }

    const { lines, totalCents } = priceLines(items, (sku) => levelOf(sku).unitPriceCents);
    const reservation: Reservation = {
      reservationId: command.reservationId,
      orderId: command.orderId,
      lines,
      totalCents,
      currency,
    };
    if (!(await this.reservations.insert(tx, reservation))) return { outcome: 'raced' };
    for (const item of bySku(items)) {
      await this.stock.append(tx, levelOf(item.sku), [
        { type: 'StockReserved', quantity: item.quantity, reservationId: command.reservationId },
      ]);
    }
    await enqueueInventoryEvent(tx, stockReservedEvent(reservation, cause));
    return { outcome: 'reserved', reservation, published: true };
  }
}

/** A repeated request: the original reservation if it asks for the same thing, else 409 / ALREADY_EXISTS. */
function repeat(
  existing: StoredReservation,
  command: ReserveStockCommand,
  items: ReservationItem[],
): Reservation {
  if (existing.status === 'released')
    throw reservationConflict(existing.reservationId, 'was already released');
  if (existing.orderId !== command.orderId || !sameItems(existing.lines, items)) {
    throw reservationConflict(
      existing.reservationId,
      'was already used for different items or another order',
    );
  }
  const { status: _status, ...reservation } = existing;
  return reservation;
}
