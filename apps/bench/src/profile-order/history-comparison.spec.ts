import type { OrderCost, ProcessCost, TableCost } from './cost-report';
import { grew, historyComparisonReport, type HistoryRun, ratio } from './history-comparison';

function processCost(name: string, lessIdle: number, statements: number): ProcessCost {
  return {
    name,
    cpuMsPerOrder: lessIdle + 1,
    cpuMsPerOrderLessIdle: lessIdle,
    idleCpuMsPerSecond: 5,
    statementsPerOrder: statements,
    idleStatementsPerSecond: 0,
  };
}

function table(
  name: string,
  seqScans: number,
  rowsReadBySeqScans: number,
  rowsFetchedByIndex: number,
): TableCost {
  return { table: name, seqScans, rowsReadBySeqScans, indexScans: 1, rowsFetchedByIndex, written: 1 };
}

function run(orderMs: number, tables: TableCost[], p50Ms: number): HistoryRun {
  const processes = [processCost('order-service', orderMs, 10), processCost('postgres', 2, 0)];
  const cost: OrderCost = {
    orders: 100,
    windowMs: 10_000,
    processes,
    total: { ...processCost('all processes', orderMs + 2, 10), idleCpuMsPerSecond: 10 },
    transactionsPerOrder: 3,
    tables,
    topStatements: [],
  };
  return { cost, p50Ms };
}

describe('ratio', () => {
  it('divides after by fresh, and says when there was nothing to divide by', () => {
    expect(ratio(2, 3)).toBe('1.50×');
    expect(ratio(0, 0)).toBe('–');
    expect(ratio(0, 4)).toBe('new');
  });
});

describe('grew', () => {
  it('is growth by a quarter and by at least half a unit per order', () => {
    expect(grew(4, 5)).toBe(true);
    expect(grew(4, 4.9)).toBe(false);
    expect(grew(0.1, 0.3)).toBe(false); // tripled, but a fifth of a row per order
    expect(grew(0, 1)).toBe(true);
    expect(grew(5, 3)).toBe(false);
  });
});

describe('historyComparisonReport', () => {
  const fresh = run(
    8,
    [table('order_service.orders', 0, 0, 2), table('inventory_service.stock_levels', 1, 4, 0)],
    20,
  );
  const after = run(
    9,
    [
      table('order_service.orders', 0, 0, 2),
      table('inventory_service.stock_levels', 1, 4, 0),
      table('inventory_service.reservations', 0.01, 1000, 1),
    ],
    25,
  );
  const lines = historyComparisonReport(fresh, after, 100_000);

  it('puts the fresh and the history run side by side with after/fresh', () => {
    expect(lines[0]).toBe('| per sync order | fresh | after 100,000 past orders | after/fresh |');
    expect(lines).toContain('| CPU ms less idle, order-service | 8.00 | 9.00 | 1.13× |');
    expect(lines).toContain('| CPU ms less idle, all processes | 10.00 | 11.00 | 1.10× |');
    expect(lines).toContain('| SQL statements | 10.00 | 10.00 | 1.00× |');
    expect(lines).toContain('| PostgreSQL transactions | 3.00 | 3.00 | 1.00× |');
    expect(lines).toContain('| POST /orders p50 ms (wall clock) | 20.0 | 25.0 | 1.25× |');
  });

  it('lists seq scans only for tables that had some, in either run', () => {
    expect(lines).toContain('| seq scans, inventory_service.stock_levels | 1.00 | 1.00 | 1.00× |');
    expect(lines).toContain(
      '| rows read by seq scans, inventory_service.reservations | 0.0 | 1000.0 | new |',
    );
    expect(lines.some((line) => line.startsWith('| seq scans, order_service.orders'))).toBe(false);
    expect(lines).toContain('| rows fetched by index, order_service.orders | 2.0 | 2.0 | 1.00× |');
  });

  it('names the counts that grew, not the CPU or the latency', () => {
    expect(lines[lines.length - 1]).toBe(
      'Grew with the history: rows read by seq scans, inventory_service.reservations 0.0 → 1000.0; rows fetched by index, inventory_service.reservations 0.0 → 1.0.',
    );
  });

  it('says so when nothing grew', () => {
    expect(historyComparisonReport(fresh, fresh, 10).at(-1)).toMatch(/^No count per order grew/);
  });
});

describe('historyComparisonReport, tables', () => {
  it('leaves out a table figure that rounds to zero in both runs', () => {
    const rare = table('order_service.inbox_messages', 0.001, 0.01, 0);
    const lines = historyComparisonReport(run(8, [rare], 20), run(8, [rare], 20), 10);
    expect(lines.some((line) => line.includes('order_service.inbox_messages'))).toBe(false);
  });
});
