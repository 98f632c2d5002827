import type { StockContentionFields } from '@commlab/contracts';

import { formatRaceReport, type OrderOutcome, type RaceObservation, summarizeRace } from './race-summary';

const conflict = (
  transport: StockContentionFields['transport'],
  extra: Partial<StockContentionFields> = {},
) => ({
  sku: 'tee-black',
  expectedVersion: 5,
  reservationId: 'o',
  orderId: 'o',
  retry: 1,
  gaveUp: false,
  transport,
  ...extra,
});

const outcomes: OrderOutcome[] = [
  { transport: 'rest', kind: 'confirmed' },
  { transport: 'grpc', kind: 'confirmed' },
  { transport: 'async', kind: 'rejected', code: 'OUT_OF_STOCK' },
  { transport: 'rest', kind: 'rejected', code: 'OUT_OF_STOCK' },
  { transport: 'grpc', kind: 'confirmed' },
  { transport: 'async', kind: 'confirmed' },
];

describe('summarizeRace', () => {
  const race = {
    sku: 'tee-black',
    quantity: 2,
    outcomes,
    stockBefore: 10,
    stockAtLastAnswer: 2,
    stockAfter: 2,
    settledMs: 0,
    contention: [
      conflict('grpc'),
      conflict('grpc', { retry: 2 }),
      conflict('rmq-command', { gaveUp: true }),
      conflict('rest', { sku: 'mug-red' }),
    ],
    elapsedMs: 1234,
  };

  it('tallies each transport used, in the documented order, and the total', () => {
    const summary = summarizeRace(race);
    expect(
      summary.rows.map((row) => [row.transport, row.sent, row.confirmed, row.rejected, row.conflicts]),
    ).toEqual([
      ['rest', 2, 1, { OUT_OF_STOCK: 1 }, 0],
      ['grpc', 2, 2, {}, 2],
      ['async', 2, 1, { OUT_OF_STOCK: 1 }, 1],
    ]);
    expect(summary.total).toMatchObject({
      sent: 6,
      confirmed: 4,
      rejected: { OUT_OF_STOCK: 2 },
      errors: {},
      conflicts: 3,
    });
    expect(summary.gaveUp).toBe(1);
  });

  it("attributes a choreographed order's conflicts (kafka-event) to choreography, not to async", () => {
    const summary = summarizeRace({
      ...race,
      outcomes: [...outcomes, { transport: 'choreography', kind: 'confirmed' }],
      stockAfter: 0,
      contention: [conflict('kafka-event'), conflict('kafka-event', { retry: 2 }), conflict('rmq-command')],
    });
    expect(summary.rows.map((row) => [row.transport, row.sent, row.conflicts])).toEqual([
      ['rest', 2, 0],
      ['grpc', 2, 0],
      ['async', 2, 1],
      ['choreography', 1, 2],
    ]);
    expect(summary).toMatchObject({ balanced: true, total: { sent: 7, conflicts: 3 } });
  });

  it('holds when the stock went down by exactly the confirmed quantity', () => {
    expect(summarizeRace(race)).toMatchObject({ confirmedUnits: 8, balanced: true });
  });

  it('is a mismatch when it did not', () => {
    expect(summarizeRace({ ...race, stockAfter: 3 })).toMatchObject({ balanced: false });
  });

  it('counts an order that ended in an error by its code; the stock check still holds', () => {
    const summary = summarizeRace({
      ...race,
      outcomes: [...outcomes, { transport: 'kafka', kind: 'error', code: 'INVENTORY_UNAVAILABLE' }],
    });
    expect(summary).toMatchObject({ balanced: true, total: { errors: { INVENTORY_UNAVAILABLE: 1 } } });
    expect(summary.rows.find((row) => row.transport === 'kafka')?.errors).toEqual({
      INVENTORY_UNAVAILABLE: 1,
    });
  });

  it('says the conflicts are unknown when the live feed could not be read', () => {
    const summary = summarizeRace({ ...race, contention: undefined });
    expect(summary.total.conflicts).toBeUndefined();
    expect(summary.gaveUp).toBeUndefined();
  });
});

describe('formatRaceReport', () => {
  /** The report of a quiet race of one tee-black order, with `changes`. */
  const report = (changes: Partial<RaceObservation>) =>
    formatRaceReport(
      summarizeRace({
        sku: 'tee-black',
        quantity: 1,
        outcomes: [{ transport: 'grpc', kind: 'confirmed' }],
        stockBefore: 1,
        stockAtLastAnswer: 0,
        stockAfter: 0,
        settledMs: 0,
        contention: [],
        elapsedMs: 10,
        ...changes,
      }),
    );

  it('prints the table, the conflicts and the stock check', () => {
    const lines = report({
      outcomes: [
        { transport: 'rest', kind: 'confirmed' },
        { transport: 'kafka', kind: 'rejected', code: 'OUT_OF_STOCK' },
        { transport: 'kafka', kind: 'error', code: 'STOCK_CONTENTION' },
      ],
      contention: [conflict('kafka'), conflict('kafka', { retry: 2 })],
      elapsedMs: 2500,
    });
    expect(lines).toEqual([
      'pnpm race tee-black: 3 orders of 1 at once over rest, kafka; all final after 2.5 s',
      '',
      'transport  sent  confirmed  rejected        errors              conflicts',
      'rest          1          1  0               0                           0',
      'kafka         2          0  1 OUT_OF_STOCK  1 STOCK_CONTENTION          2',
      'total         3          1  1 OUT_OF_STOCK  1 STOCK_CONTENTION          2',
      '',
      'version conflicts inventory retried (stock.contention on the live feed): 2, 0 of them gave up (STOCK_CONTENTION)',
      'stock of tee-black: before 1, after 0; before − after = 1, confirmed 1 × 1 = 1: OK',
    ]);
  });

  it('says how much stock order-service released after the race, for orders it had given up on', () => {
    const lines = report({
      quantity: 2,
      outcomes: [
        { transport: 'grpc', kind: 'confirmed' },
        { transport: 'rest', kind: 'error', code: 'INVENTORY_UNAVAILABLE' },
      ],
      stockBefore: 10,
      stockAtLastAnswer: 6,
      stockAfter: 8,
      settledMs: 1500,
    });
    expect(lines.slice(-2)).toEqual([
      'stock of tee-black right after the last answer: 6, 2 more units held by reservations of orders that had failed; order-service released them within 1.5 s',
      'stock of tee-black: before 10, after 8; before − after = 2, confirmed 1 × 2 = 2: OK',
    ]);
  });

  it('says MISMATCH, and ? for conflicts it could not see', () => {
    const lines = report({
      sku: 'mug-red',
      quantity: 3,
      stockBefore: 10,
      stockAtLastAnswer: 10,
      stockAfter: 10,
      contention: undefined,
    });
    expect(lines).toContain('grpc          1          1  0         0               ?');
    expect(lines[0]).toBe('pnpm race mug-red: 1 order of 3 at once over grpc; all final after 0.0 s');
    expect(lines).toContain('version conflicts: unknown (the live feed could not be read)');
    expect(lines.at(-1)).toBe(
      'stock of mug-red: before 10, after 10; before − after = 0, confirmed 1 × 3 = 3: MISMATCH',
    );
  });
});
