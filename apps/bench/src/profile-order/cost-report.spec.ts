import { idleRates, orderCost } from './cost-report';
import { codeOwner, selfTimeByOwner } from './cpu-profile-summary';
import type { StackCounters } from './stack-counters';

function counters(atMs: number, cpuMs: number, statements: number, seqTupRead: number): StackCounters {
  return {
    atMs,
    processes: new Map([
      [
        'order-service',
        { name: 'order-service', cpuMs, statements, byStatement: new Map([['BEGIN', statements]]) },
      ],
    ]),
    tables: new Map([
      [
        'order_service.orders',
        { seqScan: 1, seqTupRead, idxScan: 0, idxTupFetch: 0, inserted: 0, updated: 0, deleted: 0 },
      ],
    ]),
    commits: statements,
    rollbacks: 0,
  };
}

describe('orderCost', () => {
  it('divides what changed by the orders and sets the idle rate × the window apart', () => {
    const idle = idleRates(counters(0, 100, 10, 0), counters(1000, 110, 12, 0)); // 10 ms/s, 2 statements/s
    const cost = orderCost(counters(1000, 110, 12, 0), counters(3000, 330, 52, 500), 10, idle);
    expect(cost.processes).toEqual([
      {
        name: 'order-service',
        cpuMsPerOrder: 22,
        cpuMsPerOrderLessIdle: 20,
        idleCpuMsPerSecond: 10,
        statementsPerOrder: 4,
        idleStatementsPerSecond: 2,
      },
    ]);
    expect(cost.transactionsPerOrder).toBe(4);
    expect(cost.tables).toMatchObject([{ table: 'order_service.orders', rowsReadBySeqScans: 50 }]);
    expect(cost.topStatements).toEqual([{ sql: 'BEGIN', perOrder: 4 }]);
  });
});

describe('cpu profile summary', () => {
  it('names code by package, workspace file, Node module or V8 entry', () => {
    expect(codeOwner('file:///r/node_modules/.pnpm/pg@8/node_modules/pg/lib/client.js', 'query')).toBe('pg');
    expect(codeOwner('file:///r/node_modules/@grpc/grpc-js/build/x.js', 'f')).toBe('@grpc/grpc-js');
    expect(codeOwner('file:///r/apps/order-service/src/orders/order.ts', 'f')).toBe(
      'apps/order-service/src/orders/order.ts',
    );
    expect(codeOwner('node:net', 'write')).toBe('node:net');
    expect(codeOwner('', '(idle)')).toBe('(idle)');
    expect(codeOwner('', 'writev')).toBe('(writev)');
  });

  it('counts only the samples inside the window, never idle ones', () => {
    const profile = {
      startTime: 0,
      nodes: [
        { id: 1, callFrame: { functionName: '(idle)', url: '', lineNumber: 0 } },
        { id: 2, callFrame: { functionName: 'q', url: 'file:///r/node_modules/pg/x.js', lineNumber: 0 } },
      ],
      samples: [2, 2, 1, 2],
      timeDeltas: [1000, 1000, 1000, 1000], // at 1, 2, 3 and 4 ms
    };
    expect(selfTimeByOwner(profile, 1500, 4500)).toEqual(new Map([['pg', 2]]));
  });
});
