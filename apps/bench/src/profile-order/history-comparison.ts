import type { OrderCost, TableCost } from './cost-report';

/** One measurement of the same sync orders: on the fresh stack, or after the history was written. */
export interface HistoryRun {
  cost: OrderCost;
  p50Ms: number;
}

/** Counts that grow by less than this factor (or by less than `MIN_GROWTH` per order) are flat. */
const GROWTH_RATIO = 1.25;
const MIN_GROWTH = 0.5;

const fixed = (value: number, digits: number) => value.toFixed(digits);

/** after / fresh: `–` when both are 0, `new` when only the history's run has it. */
export function ratio(fresh: number, after: number): string {
  if (fresh === 0) return after === 0 ? '–' : 'new';
  return `${(after / fresh).toFixed(2)}×`;
}

/** Whether a count per order grew with the history, beyond noise of rounding and one-off work. */
export function grew(fresh: number, after: number): boolean {
  return after - fresh >= MIN_GROWTH && (fresh === 0 || after / fresh >= GROWTH_RATIO);
}

interface Row {
  name: string;
  fresh: number;
  after: number;
  digits: number;
  /** An exact count (statements, scans, rows), not a time: its growth is reported. */
  count: boolean;
  /** A table's scans or rows: left out when both runs round to zero. */
  perTable?: boolean;
}

const NO_TABLE: TableCost = {
  table: '',
  seqScans: 0,
  rowsReadBySeqScans: 0,
  indexScans: 0,
  rowsFetchedByIndex: 0,
  written: 0,
};

function rows(fresh: HistoryRun, after: HistoryRun): Row[] {
  const list: Row[] = [];
  const cpu = (run: HistoryRun, name: string) =>
    run.cost.processes.find((p) => p.name === name)?.cpuMsPerOrderLessIdle ?? 0;
  const names = [...new Set([...fresh.cost.processes, ...after.cost.processes].map((p) => p.name))];
  for (const name of names)
    list.push({
      name: `CPU ms less idle, ${name}`,
      fresh: cpu(fresh, name),
      after: cpu(after, name),
      digits: 2,
      count: false,
    });
  const total = (pick: (run: HistoryRun) => number, name: string, digits: number, count: boolean) =>
    list.push({ name, fresh: pick(fresh), after: pick(after), digits, count });
  total((run) => run.cost.total.cpuMsPerOrderLessIdle, 'CPU ms less idle, all processes', 2, false);
  total((run) => run.cost.total.cpuMsPerOrder, 'CPU ms with idle, all processes', 2, false);
  total((run) => run.cost.total.idleCpuMsPerSecond, 'idle CPU ms/s, all processes', 1, false);
  total((run) => run.cost.total.statementsPerOrder, 'SQL statements', 2, true);
  total((run) => run.cost.transactionsPerOrder, 'PostgreSQL transactions', 2, true);
  const tables = [...new Set([...fresh.cost.tables, ...after.cost.tables].map((t) => t.table))].sort();
  const table = (run: HistoryRun, name: string) => run.cost.tables.find((t) => t.table === name) ?? NO_TABLE;
  for (const name of tables) {
    const a = table(fresh, name);
    const b = table(after, name);
    if (a.seqScans + b.seqScans > 0) {
      list.push({
        name: `seq scans, ${name}`,
        fresh: a.seqScans,
        after: b.seqScans,
        digits: 2,
        count: true,
        perTable: true,
      });
      list.push({
        name: `rows read by seq scans, ${name}`,
        fresh: a.rowsReadBySeqScans,
        after: b.rowsReadBySeqScans,
        digits: 1,
        count: true,
        perTable: true,
      });
    }
    if (a.rowsFetchedByIndex + b.rowsFetchedByIndex > 0)
      list.push({
        name: `rows fetched by index, ${name}`,
        fresh: a.rowsFetchedByIndex,
        after: b.rowsFetchedByIndex,
        digits: 1,
        count: true,
        perTable: true,
      });
  }
  total((run) => run.p50Ms, 'POST /orders p50 ms (wall clock)', 1, false);
  return list;
}

/**
 * The same sync orders measured on the fresh stack and after `history` past orders were written, side by
 * side per order with after/fresh, then the exact counts that grew with the history (CPU is noisy and
 * only shown; statements, transactions, scans and rows are exact, so any growth of theirs is named).
 */
export function historyComparisonReport(fresh: HistoryRun, after: HistoryRun, history: number): string[] {
  const afterLabel = `after ${history.toLocaleString('en-US')} past orders`;
  const lines = [`| per sync order | fresh | ${afterLabel} | after/fresh |`, '|---|---:|---:|---:|'];
  // A table's figure that rounds to zero in both runs (a scan once in the whole run) says nothing.
  const shown = (row: Row) =>
    !row.perTable || Number(fixed(row.fresh, row.digits)) + Number(fixed(row.after, row.digits)) > 0;
  const list = rows(fresh, after).filter(shown);
  for (const row of list)
    lines.push(
      `| ${row.name} | ${fixed(row.fresh, row.digits)} | ${fixed(row.after, row.digits)} | ${ratio(row.fresh, row.after)} |`,
    );
  const growing = list.filter((row) => row.count && grew(row.fresh, row.after));
  lines.push(
    '',
    growing.length === 0
      ? `No count per order grew with the history (statements, transactions, scans, rows: within ×${String(GROWTH_RATIO)}).`
      : `Grew with the history: ${growing
          .map((row) => `${row.name} ${fixed(row.fresh, row.digits)} → ${fixed(row.after, row.digits)}`)
          .join('; ')}.`,
  );
  return lines;
}
