/**
 * `pnpm chaos`'s bookkeeping, as pure functions: what each order should have caused (one final state,
 * its notifications, its reservation, its reporting count), compared with what the sources of truth hold.
 */

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'REJECTED';

/** One POST /orders the load sent: its HTTP status and, when accepted (201/202), the order's id. */
export interface SentOrder {
  mode: 'sync' | 'async';
  httpStatus: number;
  id?: string;
}

/** What the sources of truth hold: order-service, notification-service, inventory-service, reporting-service, RabbitMQ. */
export interface TruthSnapshot {
  orders: { id: string; status: OrderStatus; mode: 'sync' | 'async' }[];
  /** Every stored notification: its order, template and, for `order-update`, the status it announces. */
  notifications: { orderId: string; template: string; status: string | null }[];
  reservations: { orderId: string; status: 'active' | 'released' }[];
  reporting: { placed: number; confirmed: number; rejected: number };
  deadLetters: number;
  /** Messages waiting in the stack's RabbitMQ queues (dead-letter queues excluded). */
  queued: number;
}

export interface Problem {
  orderId: string;
  what: string;
}

export interface ScenarioAccount {
  sent: number;
  accepted: number;
  /** Requests answered with an error (e.g. 503 while a dependency is down): nothing was promised. */
  refused: number;
  states: Record<OrderStatus | 'MISSING', number>;
  lost: Problem[];
  duplicated: Problem[];
  deadLetters: number;
  queued: number;
  /** Effects not in place yet, one per missing notification, reservation or reporting count. */
  outstanding: number;
}

/** The notifications an order in `status` must have, exactly once each. */
export function expectedNotifications(
  mode: 'sync' | 'async',
  status: OrderStatus,
): { template: string; status: string | null }[] {
  if (mode === 'sync')
    return [
      { template: 'order-update', status: 'placed' },
      { template: 'order-placed', status: null },
    ];
  if (status === 'PENDING') return [];
  const outcome = status.toLowerCase();
  return [
    { template: 'order-update', status: outcome },
    { template: `order-${outcome}`, status: null },
  ];
}

/** reporting's order counts that the orders table implies: every order `placed` once, then its outcome once. */
export function expectedReporting(orders: TruthSnapshot['orders']): TruthSnapshot['reporting'] {
  const counts = { placed: 0, confirmed: 0, rejected: 0 };
  for (const order of orders) {
    counts.placed++;
    if (order.status === 'CONFIRMED') counts.confirmed++;
    else if (order.status === 'REJECTED') counts.rejected++;
  }
  return counts;
}

const key = (orderId: string, template: string, status: string | null) =>
  `${orderId}|${template}|${status ?? ''}`;

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
  const states: ScenarioAccount['states'] = { CONFIRMED: 0, REJECTED: 0, PENDING: 0, MISSING: 0 };
  const lost: Problem[] = [];
  const duplicated: Problem[] = [];
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
  }

  const notificationCounts = new Map<string, number>();
  for (const n of truth.notifications) {
    const k = key(n.orderId, n.template, n.template === 'order-update' ? n.status : null);
    notificationCounts.set(k, (notificationCounts.get(k) ?? 0) + 1);
  }
  const activeReservations = new Map<string, number>();
  for (const r of truth.reservations)
    if (r.status === 'active')
      activeReservations.set(r.orderId, (activeReservations.get(r.orderId) ?? 0) + 1);

  for (const order of truth.orders) {
    if (!inScope(order.id)) continue;
    if (order.status === 'PENDING') {
      lost.push({ orderId: order.id, what: 'still PENDING: no final state' });
      continue;
    }
    for (const expected of expectedNotifications(order.mode, order.status)) {
      const count = notificationCounts.get(key(order.id, expected.template, expected.status)) ?? 0;
      const name = expected.status === null ? expected.template : `${expected.template} (${expected.status})`;
      if (count === 0) lost.push({ orderId: order.id, what: `no ${name} notification` });
      if (count > 1)
        duplicated.push({ orderId: order.id, what: `${name} notification stored ${String(count)} times` });
    }
    const held = activeReservations.get(order.id) ?? 0;
    if (order.status === 'CONFIRMED' && held === 0)
      lost.push({ orderId: order.id, what: 'CONFIRMED without an active reservation' });
    if (order.status === 'CONFIRMED' && held > 1)
      duplicated.push({ orderId: order.id, what: `stock reserved ${String(held)} times` });
    if (order.status === 'REJECTED' && held > 0)
      duplicated.push({ orderId: order.id, what: 'REJECTED but its stock is still reserved' });
  }
  for (const [orderId, held] of activeReservations) {
    if (!rows.has(orderId) && inScope(orderId))
      duplicated.push({ orderId, what: `stock reserved (${String(held)}) for an order that does not exist` });
  }

  const expected = expectedReporting(truth.orders);
  let reportingShortfall = 0;
  for (const status of ['placed', 'confirmed', 'rejected'] as const) {
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
    deadLetters: truth.deadLetters,
    queued: truth.queued,
    outstanding: lost.filter((problem) => problem.orderId !== '-').length + reportingShortfall,
  };
}

/**
 * Whether the stack has finished working through the scenario: nothing pending, missing or queued, and no
 * stock held for an order that does not exist (order-service releases those in the background).
 */
export function isSettled(account: ScenarioAccount): boolean {
  return (
    account.queued === 0 &&
    account.lost.length === 0 &&
    !account.duplicated.some((problem) => problem.what.endsWith('for an order that does not exist'))
  );
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

/** Whether a scenario passed: nothing lost, nothing doubled, every accepted order in one final state. */
export function scenarioPassed(report: ScenarioReport): boolean {
  const { account } = report;
  return (
    account.lost.length === 0 &&
    account.duplicated.length === 0 &&
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
      'PENDING',
      'missing',
      'lost',
      'dup',
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
      String(r.account.states.PENDING),
      String(r.account.states.MISSING),
      String(r.account.lost.length),
      String(r.account.duplicated.length),
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
    ];
    if (problems.length === 0) continue;
    lines.push('', `${r.scenario}: ${String(problems.length)} problem(s)`);
    for (const p of problems.slice(0, detail)) lines.push(`  ${p.kind}  ${p.orderId}  ${p.what}`);
    if (problems.length > detail) lines.push(`  … and ${String(problems.length - detail)} more`);
  }
  return lines;
}
