/**
 * `pnpm chaos`'s bookkeeping, as pure functions: what each order should have caused (one final state,
 * its notifications, its reservation — exactly the units a CONFIRMED order ordered, nothing for any other
 * final order — and its reporting counts), compared with what the sources of truth hold.
 */
import type { SagaStyle } from '@commlab/contracts';

import { expectedNotifications, expectedReporting, type ReportingCounts } from './chaos-expectations';
import {
  type OrderStatus,
  type Problem,
  type StockMove,
  stockProblemsOf,
  type StockProblems,
} from './chaos-stock-accounting';

export type { OrderStatus, Problem, StockMove } from './chaos-stock-accounting';

/** One POST /orders the load sent: its HTTP status and, when accepted (201/202), the order's id. */
export interface SentOrder {
  mode: 'sync' | 'async';
  /** How an async order's saga runs (`?saga=`). */
  saga?: SagaStyle;
  httpStatus: number;
  id?: string;
  /** When the load cancelled it: the HTTP status of POST /orders/{id}/cancel (0: no answer). */
  cancelStatus?: number;
}

/** What the sources of truth hold: order-service, notification-service, inventory-service, reporting-service, RabbitMQ. */
export interface TruthSnapshot {
  orders: {
    id: string;
    status: OrderStatus;
    mode: 'sync' | 'async';
    /** A CANCELLED order's status before (a sync order, or an async one inventory answered: CONFIRMED). */
    cancelledFrom: 'PENDING' | 'CONFIRMED' | null;
    items: { sku: string; quantity: number }[];
  }[];
  /** Every stored notification: its order, template and, for `order-update`, the status it announces. */
  notifications: { orderId: string; template: string; status: string | null }[];
  reservations: { orderId: string; status: 'active' | 'released' | 'cancelled' }[];
  /** inventory's StockReserved / StockReleased events, per order and SKU. */
  stockMoves: StockMove[];
  reporting: ReportingCounts;
  deadLetters: number;
  /** Messages waiting in the stack's RabbitMQ queues (dead-letter queues excluded). */
  queued: number;
}

export interface ScenarioAccount {
  sent: number;
  accepted: number;
  /** Requests answered with an error (e.g. 503 while a dependency is down): nothing was promised. */
  refused: number;
  states: Record<OrderStatus | 'MISSING', number>;
  lost: Problem[];
  duplicated: Problem[];
  /** Stock still held for an order that must hold none (REJECTED, CANCELLED, EXPIRED, no such order). */
  leaked: Problem[];
  deadLetters: number;
  queued: number;
  /** Effects not in place yet, one per missing notification, reservation or reporting count. */
  outstanding: number;
}

const key = (orderId: string, template: string, status: string | null) =>
  `${orderId}|${template}|${status ?? ''}`;

function countBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

/** What the load's cancellation was answered must match the order: 200 → CANCELLED, 409 → not cancellable. */
function cancellationProblem(order: SentOrder, status: OrderStatus | undefined): Problem | undefined {
  if (order.id === undefined || status === undefined || status === 'PENDING') return undefined;
  if (order.cancelStatus === 200 && status !== 'CANCELLED')
    return { orderId: order.id, what: `cancellation answered 200 but the order is ${status}` };
  if (order.cancelStatus === 409 && status !== 'REJECTED' && status !== 'EXPIRED')
    return { orderId: order.id, what: `cancellation refused (409) but the order is ${status}` };
  return undefined;
}

/**
 * Reconciles one scenario. `inScope` says which orders are this scenario's (those created since it began),
 * so an earlier scenario's orders are not counted twice; reporting's counts are checked for the whole stack.
 */
export function reconcile(
  sent: readonly SentOrder[],
  truth: TruthSnapshot,
  inScope: (orderId: string) => boolean,
): ScenarioAccount {
  const rows = new Map(truth.orders.map((order) => [order.id, order]));
  const states: ScenarioAccount['states'] = {
    CONFIRMED: 0,
    REJECTED: 0,
    CANCELLED: 0,
    EXPIRED: 0,
    PENDING: 0,
    MISSING: 0,
  };
  const problems: StockProblems = { lost: [], duplicated: [], leaked: [] };
  const { lost, duplicated, leaked } = problems;
  const accepted = sent.filter((order) => order.id !== undefined);
  for (const order of accepted) {
    const row = rows.get(order.id ?? '');
    if (row === undefined) {
      states.MISSING++;
      lost.push({
        orderId: order.id ?? '',
        what: `accepted (${String(order.httpStatus)}) but not in the orders table`,
      });
    } else states[row.status]++;
    const wrongAnswer = cancellationProblem(order, row?.status);
    if (wrongAnswer !== undefined) lost.push(wrongAnswer);
  }

  const notificationCounts = countBy(truth.notifications, (n) =>
    key(n.orderId, n.template, n.template === 'order-update' ? n.status : null),
  );
  const activeReservations = countBy(
    truth.reservations.filter((r) => r.status === 'active'),
    (r) => r.orderId,
  );
  const moves = groupBy(truth.stockMoves, (move) => move.orderId);

  for (const order of truth.orders) {
    if (!inScope(order.id)) continue;
    if (order.status === 'PENDING') {
      lost.push({ orderId: order.id, what: 'still PENDING: no final state' });
      continue;
    }
    for (const expected of expectedNotifications(order)) {
      const count = notificationCounts.get(key(order.id, expected.template, expected.status)) ?? 0;
      const name = expected.status === null ? expected.template : `${expected.template} (${expected.status})`;
      if (count === 0) lost.push({ orderId: order.id, what: `no ${name} notification` });
      if (count > 1)
        duplicated.push({ orderId: order.id, what: `${name} notification stored ${String(count)} times` });
    }
    stockProblemsOf(
      order.id,
      order,
      activeReservations.get(order.id) ?? 0,
      moves.get(order.id) ?? [],
      problems,
    );
  }
  // Stock held for an order that does not exist (e.g. a sync order whose reservation outlived its request).
  for (const orderId of new Set([...activeReservations.keys(), ...moves.keys()])) {
    if (!rows.has(orderId) && inScope(orderId))
      stockProblemsOf(
        orderId,
        undefined,
        activeReservations.get(orderId) ?? 0,
        moves.get(orderId) ?? [],
        problems,
      );
  }

  const expected = expectedReporting(truth.orders);
  let reportingShortfall = 0;
  for (const status of ['placed', 'confirmed', 'rejected', 'cancelled'] as const) {
    const difference = truth.reporting[status] - expected[status];
    if (difference < 0) reportingShortfall -= difference;
    if (difference < 0)
      lost.push({ orderId: '-', what: `reporting counts ${String(-difference)} ${status} order(s) too few` });
    if (difference > 0)
      duplicated.push({
        orderId: '-',
        what: `reporting counts ${String(difference)} ${status} order(s) too many`,
      });
  }

  return {
    sent: sent.length,
    accepted: accepted.length,
    refused: sent.length - accepted.length,
    states,
    lost,
    duplicated,
    leaked,
    deadLetters: truth.deadLetters,
    queued: truth.queued,
    outstanding:
      lost.filter((problem) => problem.orderId !== '-').length + leaked.length + reportingShortfall,
  };
}

/**
 * Whether the stack has finished working through the scenario: nothing pending, missing or queued, and no
 * stock held that must not be (its release may be under way: inventory's compensation of a cancellation
 * or expiry, order-service's background release of a sync order that was never stored).
 */
export function isSettled(account: ScenarioAccount): boolean {
  return account.queued === 0 && account.lost.length === 0 && account.leaked.length === 0;
}

export interface ScenarioReport {
  scenario: string;
  fault: string;
  account: ScenarioAccount;
  /** How much work was outstanding when the fault hit (messages queued, orders pending, …). */
  inFlight: string;
  /** From the fault to the stack settled (every order final, every effect there), or undefined if it never did. */
  recoveredMs: number | undefined;
}

/** Whether a scenario passed: nothing lost, doubled or leaked, every accepted order in one final state. */
export function scenarioPassed(report: ScenarioReport): boolean {
  const { account } = report;
  return (
    account.lost.length === 0 &&
    account.duplicated.length === 0 &&
    account.leaked.length === 0 &&
    account.states.PENDING === 0 &&
    account.states.MISSING === 0
  );
}

function table(rows: string[][]): string[] {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
}

/** The summary table, then the faults, then up to `detail` problems per failing scenario. */
export function formatChaosReport(reports: readonly ScenarioReport[], detail = 5): string[] {
  const rows = [
    [
      'scenario',
      'sent',
      'refused',
      'CONFIRMED',
      'REJECTED',
      'CANCELLED',
      'EXPIRED',
      'PENDING',
      'missing',
      'lost',
      'dup',
      'leaked',
      'DLQ',
      'in flight at fault',
      'recovered',
      'result',
    ],
    ...reports.map((r) => [
      r.scenario,
      String(r.account.sent),
      String(r.account.refused),
      String(r.account.states.CONFIRMED),
      String(r.account.states.REJECTED),
      String(r.account.states.CANCELLED),
      String(r.account.states.EXPIRED),
      String(r.account.states.PENDING),
      String(r.account.states.MISSING),
      String(r.account.lost.length),
      String(r.account.duplicated.length),
      String(r.account.leaked.length),
      String(r.account.deadLetters),
      r.inFlight,
      r.recoveredMs === undefined ? 'never' : `${(r.recoveredMs / 1000).toFixed(1)} s`,
      scenarioPassed(r) ? 'ok' : 'FAIL',
    ]),
  ];
  const lines = table(rows);
  lines.push('');
  for (const r of reports) lines.push(`  ${r.scenario}: ${r.fault}`);
  for (const r of reports) {
    const problems = [
      ...r.account.lost.map((p) => ({ ...p, kind: 'lost' })),
      ...r.account.duplicated.map((p) => ({ ...p, kind: 'dup' })),
      ...r.account.leaked.map((p) => ({ ...p, kind: 'leaked' })),
    ];
    if (problems.length === 0) continue;
    lines.push('', `${r.scenario}: ${String(problems.length)} problem(s)`);
    for (const p of problems.slice(0, detail)) lines.push(`  ${p.kind}  ${p.orderId}  ${p.what}`);
    if (problems.length > detail) lines.push(`  … and ${String(problems.length - detail)} more`);
  }
  return lines;
}
