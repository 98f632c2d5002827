import type { VersionedStockLevel } from '../stock/stock.repository';
import {
  decideCancellationEffect,
  decideRelease,
  decideReservation,
  repeatedReservation,
} from './decide-reservation';

const level = (sku: string, available: number, version = 3, currency = 'USD'): VersionedStockLevel => ({
  sku,
  available,
  version,
  unitPriceCents: 250,
  currency,
});
const levels = (...all: VersionedStockLevel[]) => new Map(all.map((one) => [one.sku, one]));
const command = { reservationId: 'res-1', orderId: 'order-1' };

describe('decideReservation', () => {
  it('reserves every item at its price, appending StockReserved per SKU in SKU order', () => {
    const decision = decideReservation(
      command,
      [
        { sku: 'tee', quantity: 2 },
        { sku: 'mug', quantity: 1 },
      ],
      levels(level('mug', 5), level('tee', 2, 7)),
    );
    expect(decision).toEqual({
      kind: 'reserve',
      reservation: {
        reservationId: 'res-1',
        orderId: 'order-1',
        lines: [
          { sku: 'tee', quantity: 2, unitPriceCents: 250, lineTotalCents: 500 },
          { sku: 'mug', quantity: 1, unitPriceCents: 250, lineTotalCents: 250 },
        ],
        totalCents: 750,
        currency: 'USD',
      },
      appends: [
        { level: level('mug', 5), event: { type: 'StockReserved', quantity: 1, reservationId: 'res-1' } },
        { level: level('tee', 2, 7), event: { type: 'StockReserved', quantity: 2, reservationId: 'res-1' } },
      ],
    });
  });

  it('reserves nothing when one item is short, recording the refusal on the short streams only', () => {
    const decision = decideReservation(
      command,
      [
        { sku: 'mug', quantity: 1 },
        { sku: 'tee', quantity: 3 },
      ],
      levels(level('mug', 5), level('tee', 2)),
    );
    expect(decision).toEqual({
      kind: 'short',
      skus: ['tee'],
      appends: [
        {
          level: level('tee', 2),
          event: { type: 'ReservationRejected', quantity: 3, reservationId: 'res-1' },
        },
      ],
    });
  });

  it('names unknown SKUs and mixed currencies before anything else', () => {
    expect(decideReservation(command, [{ sku: 'nope', quantity: 1 }], levels(level('mug', 5)))).toEqual({
      kind: 'unknown',
      skus: ['nope'],
    });
    expect(
      decideReservation(
        command,
        [
          { sku: 'mug', quantity: 1 },
          { sku: 'eur', quantity: 1 },
        ],
        levels(level('mug', 5), level('eur', 5, 1, 'EUR')),
      ),
    ).toEqual({ kind: 'mixed-currencies', currencies: ['USD', 'EUR'] });
  });
});

describe('repeatedReservation and decideRelease', () => {
  const stored = {
    reservationId: 'res-1',
    orderId: 'order-1',
    status: 'active' as const,
    currency: 'USD',
    totalCents: 250,
    lines: [{ sku: 'mug', quantity: 1, unitPriceCents: 250, lineTotalCents: 250 }],
  };

  it('answers the original reservation for the same request, and refuses another or a released one', () => {
    expect(repeatedReservation(stored, command, [{ sku: 'mug', quantity: 1 }])).toMatchObject({
      totalCents: 250,
    });
    expect(() => repeatedReservation(stored, command, [{ sku: 'mug', quantity: 2 }])).toThrow(
      'was already used for different items',
    );
    expect(() => repeatedReservation({ ...stored, status: 'released' }, command, [])).toThrow(
      'was already released',
    );
  });

  it('refuses a ReserveStock whose order was cancelled before it arrived', () => {
    const cancelled = { ...stored, status: 'cancelled' as const, lines: [], totalCents: 0, currency: 'XXX' };
    expect(() => repeatedReservation(cancelled, command, [{ sku: 'mug', quantity: 1 }])).toThrow(
      'reservation res-1 belongs to a cancelled order',
    );
  });

  it('a cancellation releases an active reservation, records one not made yet, and does nothing twice', () => {
    expect(decideCancellationEffect(stored, 'order-1')).toEqual({ kind: 'release', reservation: stored });
    expect(decideCancellationEffect(undefined, 'order-1')).toEqual({ kind: 'record-cancellation' });
    expect(decideCancellationEffect({ ...stored, status: 'released' }, 'order-1')).toEqual({
      kind: 'nothing',
    });
    expect(decideCancellationEffect({ ...stored, status: 'cancelled' }, 'order-1')).toEqual({
      kind: 'nothing',
    });
  });

  it("never releases another order's reservation: RESERVATION_CONFLICT", () => {
    expect(() => decideCancellationEffect(stored, 'order-2')).toThrow(
      'reservation res-1 belongs to another order than order-2',
    );
  });

  it('gives every reserved unit back, a StockReleased per SKU', () => {
    expect(decideRelease(stored, levels(level('mug', 4)))).toEqual([
      { level: level('mug', 4), event: { type: 'StockReleased', quantity: 1, reservationId: 'res-1' } },
    ]);
  });
});
