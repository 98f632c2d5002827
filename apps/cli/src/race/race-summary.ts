import type { StockContentionFields, StockContentionTransport } from '@commlab/contracts';

import { RACE_TRANSPORTS, type RaceTransport } from './race-args';

/** Where one order of the race ended. */
export type OrderOutcome =
  | { transport: RaceTransport; kind: 'confirmed' }
  /** Refused with a reason code, stock untouched: a sync 4xx, or an async order REJECTED. */
  | { transport: RaceTransport; kind: 'rejected'; code: string }
  /** Anything else: a 5xx (STOCK_CONTENTION included), no answer, still PENDING at the deadline. */
  | { transport: RaceTransport; kind: 'error'; code: string };

/** What the race saw, the input of the summary. */
export interface RaceObservation {
  sku: string;
  quantity: number;
  outcomes: readonly OrderOutcome[];
  /** The SKU's available stock before the first order, and once the last one was final. */
  stockBefore: number;
  stockAtLastAnswer: number;
  /**
   * The stock after waiting for order-service to release the reservations of sync orders it gave up on
   * (an order that timed out may still have reserved: the release comes after); `settledMs`: that wait.
   */
  stockAfter: number;
  settledMs: number;
  /** The `stock.contention` lines of the live feed during the race; undefined: the feed was not readable. */
  contention: readonly StockContentionFields[] | undefined;
  elapsedMs: number;
}

export interface TransportTally {
  transport: RaceTransport | 'total';
  sent: number;
  confirmed: number;
  /** Count per reason code. */
  rejected: Record<string, number>;
  errors: Record<string, number>;
  /** Version conflicts inventory retried for orders that came this way; undefined: unknown. */
  conflicts: number | undefined;
}

export interface RaceSummary {
  sku: string;
  quantity: number;
  orders: number;
  elapsedMs: number;
  rows: TransportTally[];
  total: TransportTally;
  /** Conflicts whose command gave up (STOCK_CONTENTION); undefined: unknown. */
  gaveUp: number | undefined;
  stockBefore: number;
  stockAtLastAnswer: number;
  stockAfter: number;
  settledMs: number;
  confirmedUnits: number;
  /** The check: before − after = confirmed × quantity. */
  balanced: boolean;
}

/** How the command that lost a race reached inventory → the race transport that sent it that way. */
const RACE_TRANSPORT_OF: Record<StockContentionTransport, RaceTransport> = {
  rest: 'rest',
  grpc: 'grpc',
  rmq: 'rabbitmq',
  kafka: 'kafka',
  'rmq-command': 'async',
  'kafka-event': 'choreography',
};

function count(into: Record<string, number>, code: string): void {
  into[code] = (into[code] ?? 0) + 1;
}

function sumInto(into: Record<string, number>, from: Record<string, number>): void {
  for (const [code, n] of Object.entries(from)) into[code] = (into[code] ?? 0) + n;
}

function emptyTally(transport: TransportTally['transport'], knowsConflicts: boolean): TransportTally {
  return {
    transport,
    sent: 0,
    confirmed: 0,
    rejected: {},
    errors: {},
    conflicts: knowsConflicts ? 0 : undefined,
  };
}

/** The units the confirmed orders took: what the stock must have gone down by. */
export function confirmedUnitsOf(outcomes: readonly OrderOutcome[], quantity: number): number {
  return outcomes.filter((outcome) => outcome.kind === 'confirmed').length * quantity;
}

/**
 * Tallies the race per transport (in RACE_TRANSPORTS order, only those used) and checks the accounting:
 * the stock must have gone down by exactly the confirmed quantity. Conflicts are the contention lines
 * of the race's SKU, attributed by the transport the losing command came over.
 */
export function summarizeRace(observation: RaceObservation): RaceSummary {
  const { sku, quantity, outcomes, contention } = observation;
  const knows = contention !== undefined;
  const used = RACE_TRANSPORTS.filter((transport) => outcomes.some((o) => o.transport === transport));
  const rows = new Map(used.map((transport) => [transport, emptyTally(transport, knows)]));
  for (const outcome of outcomes) {
    const row = rows.get(outcome.transport);
    if (row === undefined) continue;
    row.sent += 1;
    if (outcome.kind === 'confirmed') row.confirmed += 1;
    else count(outcome.kind === 'rejected' ? row.rejected : row.errors, outcome.code);
  }
  const ours = (contention ?? []).filter((line) => line.sku === sku);
  for (const line of ours) {
    const row = rows.get(RACE_TRANSPORT_OF[line.transport]);
    if (row?.conflicts !== undefined) row.conflicts += 1;
  }
  const total = emptyTally('total', knows);
  for (const row of rows.values()) {
    total.sent += row.sent;
    total.confirmed += row.confirmed;
    sumInto(total.rejected, row.rejected);
    sumInto(total.errors, row.errors);
    if (total.conflicts !== undefined) total.conflicts += row.conflicts ?? 0;
  }
  const confirmedUnits = confirmedUnitsOf(outcomes, quantity);
  const balanced = observation.stockBefore - observation.stockAfter === confirmedUnits;
  return {
    sku,
    quantity,
    orders: outcomes.length,
    elapsedMs: observation.elapsedMs,
    rows: [...rows.values()],
    total,
    gaveUp: knows ? ours.filter((line) => line.gaveUp).length : undefined,
    stockBefore: observation.stockBefore,
    stockAtLastAnswer: observation.stockAtLastAnswer,
    stockAfter: observation.stockAfter,
    settledMs: observation.settledMs,
    confirmedUnits,
    balanced,
  };
}

/** `5 OUT_OF_STOCK, 1 UNKNOWN_SKU`, or `0`. */
function codes(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? '0' : entries.map(([code, n]) => `${String(n)} ${code}`).join(', ');
}

/** Columns: the first left-aligned, the numeric ones right-aligned, the coded ones left-aligned. */
function table(header: readonly string[], rows: readonly string[][], right: readonly boolean[]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        right[column] === true ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The report `pnpm race` prints: the table per transport, the conflicts, the stock check. */
export function formatRaceReport(summary: RaceSummary): string[] {
  const row = (tally: TransportTally) => [
    tally.transport,
    String(tally.sent),
    String(tally.confirmed),
    codes(tally.rejected),
    codes(tally.errors),
    tally.conflicts === undefined ? '?' : String(tally.conflicts),
  ];
  const lines = [
    `pnpm race ${summary.sku}: ${String(summary.orders)} order${summary.orders === 1 ? '' : 's'} of ${String(summary.quantity)} at once over ` +
      `${summary.rows.map((r) => r.transport).join(', ')}; all final after ${(summary.elapsedMs / 1000).toFixed(1)} s`,
    '',
    ...table(
      ['transport', 'sent', 'confirmed', 'rejected', 'errors', 'conflicts'],
      [...summary.rows.map(row), row(summary.total)],
      [false, true, true, false, false, true],
    ),
    '',
    summary.gaveUp === undefined
      ? 'version conflicts: unknown (the live feed could not be read)'
      : `version conflicts inventory retried (stock.contention on the live feed): ${String(summary.total.conflicts)}` +
        `, ${String(summary.gaveUp)} of them gave up (STOCK_CONTENTION)`,
    ...(summary.stockAfter <= summary.stockAtLastAnswer
      ? []
      : [
          `stock of ${summary.sku} right after the last answer: ${String(summary.stockAtLastAnswer)}, ` +
            `${String(summary.stockAfter - summary.stockAtLastAnswer)} more units held by reservations of orders ` +
            `that had failed; order-service released them within ${(summary.settledMs / 1000).toFixed(1)} s`,
        ]),
    `stock of ${summary.sku}: before ${String(summary.stockBefore)}, after ${String(summary.stockAfter)}; ` +
      `before − after = ${String(summary.stockBefore - summary.stockAfter)}, confirmed ` +
      `${String(summary.total.confirmed)} × ${String(summary.quantity)} = ${String(summary.confirmedUnits)}: ` +
      (summary.balanced ? 'OK' : 'MISMATCH'),
  ];
  return lines;
}
