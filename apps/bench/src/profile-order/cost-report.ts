import type { StackCounters, TableCounters } from './stack-counters';

/** What one process cost per order over the measured window. */
export interface ProcessCost {
  name: string;
  /** CPU ms per order, everything the process did in the window. */
  cpuMsPerOrder: number;
  /** The same less what the process burns idle (its idle rate × the window): the orders' own share. */
  cpuMsPerOrderLessIdle: number;
  /** CPU ms per second while no order is placed (pollers, timers). */
  idleCpuMsPerSecond: number;
  statementsPerOrder: number;
  idleStatementsPerSecond: number;
}

export interface TableCost {
  table: string;
  seqScans: number;
  rowsReadBySeqScans: number;
  indexScans: number;
  rowsFetchedByIndex: number;
  written: number;
}

export interface OrderCost {
  orders: number;
  windowMs: number;
  processes: ProcessCost[];
  total: ProcessCost;
  transactionsPerOrder: number;
  tables: TableCost[];
  /** The statements sent most often, per order (all processes). */
  topStatements: { sql: string; perOrder: number }[];
}

type Rates = Map<string, { cpuMs: number; statements: number }>;

/** Per-process CPU ms and statements per second between two snapshots of an idle stack. */
export function idleRates(before: StackCounters, after: StackCounters): Rates {
  const seconds = (after.atMs - before.atMs) / 1000;
  const rates: Rates = new Map();
  for (const [name, end] of after.processes) {
    const start = before.processes.get(name);
    if (start === undefined) continue;
    rates.set(name, {
      cpuMs: (end.cpuMs - start.cpuMs) / seconds,
      statements: (end.statements - start.statements) / seconds,
    });
  }
  return rates;
}

const TABLE_ZERO: TableCounters = {
  seqScan: 0,
  seqTupRead: 0,
  idxScan: 0,
  idxTupFetch: 0,
  inserted: 0,
  updated: 0,
  deleted: 0,
};

/** The cost of `orders` orders placed between `before` and `after`, with the idle rates to set apart. */
export function orderCost(
  before: StackCounters,
  after: StackCounters,
  orders: number,
  idle: Rates,
  topCount = 15,
): OrderCost {
  const windowMs = after.atMs - before.atMs;
  const seconds = windowMs / 1000;
  const processes: ProcessCost[] = [];
  const statementCounts = new Map<string, number>();
  for (const [name, end] of after.processes) {
    const start = before.processes.get(name);
    if (start === undefined) continue;
    const rate = idle.get(name) ?? { cpuMs: 0, statements: 0 };
    const cpuMs = end.cpuMs - start.cpuMs;
    processes.push({
      name,
      cpuMsPerOrder: cpuMs / orders,
      cpuMsPerOrderLessIdle: (cpuMs - rate.cpuMs * seconds) / orders,
      idleCpuMsPerSecond: rate.cpuMs,
      statementsPerOrder: (end.statements - start.statements) / orders,
      idleStatementsPerSecond: rate.statements,
    });
    for (const [sql, n] of end.byStatement) {
      const diff = n - (start.byStatement.get(sql) ?? 0);
      if (diff > 0) statementCounts.set(sql, (statementCounts.get(sql) ?? 0) + diff);
    }
  }
  processes.sort((a, b) => b.cpuMsPerOrder - a.cpuMsPerOrder);
  const sum = (pick: (p: ProcessCost) => number) => processes.reduce((total, p) => total + pick(p), 0);
  const tables: TableCost[] = [];
  for (const [table, end] of after.tables) {
    const start = before.tables.get(table) ?? TABLE_ZERO;
    const cost: TableCost = {
      table,
      seqScans: (end.seqScan - start.seqScan) / orders,
      rowsReadBySeqScans: (end.seqTupRead - start.seqTupRead) / orders,
      indexScans: (end.idxScan - start.idxScan) / orders,
      rowsFetchedByIndex: (end.idxTupFetch - start.idxTupFetch) / orders,
      written:
        (end.inserted - start.inserted + end.updated - start.updated + end.deleted - start.deleted) / orders,
    };
    if (Object.values(cost).some((value) => typeof value === 'number' && value > 0)) tables.push(cost);
  }
  tables.sort(
    (a, b) => b.rowsReadBySeqScans + b.rowsFetchedByIndex - (a.rowsReadBySeqScans + a.rowsFetchedByIndex),
  );
  return {
    orders,
    windowMs,
    processes,
    total: {
      name: 'all processes',
      cpuMsPerOrder: sum((p) => p.cpuMsPerOrder),
      cpuMsPerOrderLessIdle: sum((p) => p.cpuMsPerOrderLessIdle),
      idleCpuMsPerSecond: sum((p) => p.idleCpuMsPerSecond),
      statementsPerOrder: sum((p) => p.statementsPerOrder),
      idleStatementsPerSecond: sum((p) => p.idleStatementsPerSecond),
    },
    transactionsPerOrder: (after.commits - before.commits + after.rollbacks - before.rollbacks) / orders,
    tables,
    topStatements: [...statementCounts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, topCount)
      .map(([sql, n]) => ({ sql, perOrder: n / orders })),
  };
}

const fixed = (value: number, digits = 2) => value.toFixed(digits);

/** The cost as Markdown tables (they read fine in a terminal too). */
export function costReport(cost: OrderCost, latency: { p50Ms: number; p90Ms: number }): string[] {
  const lines = [
    `${String(cost.orders)} sync orders in ${fixed(cost.windowMs / 1000, 1)} s; POST /orders p50 ${fixed(latency.p50Ms, 1)} ms, p90 ${fixed(latency.p90Ms, 1)} ms (wall clock: load-sensitive)`,
    '',
    '| process | CPU ms/order | less idle | idle CPU ms/s | SQL statements/order | idle statements/s |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const p of [...cost.processes, cost.total])
    lines.push(
      `| ${p.name} | ${fixed(p.cpuMsPerOrder)} | ${fixed(p.cpuMsPerOrderLessIdle)} | ${fixed(p.idleCpuMsPerSecond)} | ${fixed(p.statementsPerOrder)} | ${fixed(p.idleStatementsPerSecond)} |`,
    );
  lines.push(
    '',
    `PostgreSQL transactions per order (commits + rollbacks, all processes): ${fixed(cost.transactionsPerOrder)}`,
  );
  lines.push(
    '',
    '| table | seq scans/order | rows read by seq scans/order | index scans/order | rows fetched by index/order | rows written/order |',
    '|---|---:|---:|---:|---:|---:|',
  );
  for (const t of cost.tables)
    lines.push(
      `| ${t.table} | ${fixed(t.seqScans)} | ${fixed(t.rowsReadBySeqScans, 1)} | ${fixed(t.indexScans)} | ${fixed(t.rowsFetchedByIndex, 1)} | ${fixed(t.written)} |`,
    );
  lines.push('', '| statements sent most (all processes) | per order |', '|---|---:|');
  for (const s of cost.topStatements)
    lines.push(`| \`${s.sql.replace(/\|/g, '\\|')}\` | ${fixed(s.perOrder)} |`);
  return lines;
}
