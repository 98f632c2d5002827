import type { OrderCost, ProcessCost } from './cost-report';
import { tracingComparisonReport, type TracingRun } from './tracing-comparison';

function processCost(name: string, cpuMsPerOrder: number): ProcessCost {
  return {
    name,
    cpuMsPerOrder,
    cpuMsPerOrderLessIdle: cpuMsPerOrder - 1,
    idleCpuMsPerSecond: 10,
    statementsPerOrder: 4,
    idleStatementsPerSecond: 0,
  };
}

function run(label: string, cpu: Record<string, number>, spansPerOrder: number): TracingRun {
  const processes = Object.entries(cpu).map(([name, ms]) => processCost(name, ms));
  const total = Object.values(cpu).reduce((sum, ms) => sum + ms, 0);
  const cost: OrderCost = {
    orders: 10,
    windowMs: 1000,
    processes,
    total: { ...processCost('all processes', total), cpuMsPerOrderLessIdle: total - processes.length },
    transactionsPerOrder: 1,
    tables: [],
    topStatements: [],
  };
  return { label, cost, spansPerOrder, p50Ms: 50 };
}

describe('tracingComparisonReport', () => {
  it('puts each run in a column and the first less the last in the final one', () => {
    const lines = tracingComparisonReport([
      run('traced', { 'order-service': 12, 'pnpm start': 5 }, 100),
      run('sampled', { 'order-service': 10, 'pnpm start': 4 }, 10),
      run('off', { 'order-service': 9.5 }, 0),
    ]);
    expect(lines[0]).toBe('| per sync order | traced | sampled | off | traced − off |');
    expect(lines).toContain('| CPU ms, order-service | 12.00 | 10.00 | 9.50 | 2.50 |');
    // A process one run did not have: no figure, no difference.
    expect(lines).toContain('| CPU ms, pnpm start | 5.00 | 4.00 | – | – |');
    expect(lines).toContain('| CPU ms, all processes | 17.00 | 14.00 | 9.50 | 7.50 |');
    expect(lines).toContain('| — less idle | 15.00 | 12.00 | 8.50 | 6.50 |');
    expect(lines).toContain('| spans received by the trace store | 100.0 | 10.0 | 0.0 | 100.0 |');
  });

  it('prints nothing without a run', () => {
    expect(tracingComparisonReport([])).toEqual([]);
  });
});
