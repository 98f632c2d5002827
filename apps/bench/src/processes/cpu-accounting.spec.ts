import { CpuAccount, cpuBetween, type CpuSample } from './cpu-accounting';

const sample = (entries: [number, string, number][]): CpuSample =>
  new Map(entries.map(([pid, name, cpuMs]) => [pid, { name, cpuMs }]));

describe('cpuBetween', () => {
  it('counts each process by the increase of its CPU time, summing processes of one name', () => {
    const before = sample([
      [10, 'order-service', 1000],
      [11, 'postgres', 50],
      [12, 'postgres', 70],
    ]);
    const after = sample([
      [10, 'order-service', 1250],
      [11, 'postgres', 80],
      [12, 'postgres', 90],
    ]);
    expect(cpuBetween(before, after)).toEqual(
      new Map([
        ['order-service', 250],
        ['postgres', 50],
      ]),
    );
  });

  it('counts all of a process that started in between and nothing of one that exited', () => {
    const before = sample([
      [10, 'inventory-service', 400],
      [20, 'order-service', 900],
    ]);
    const after = sample([
      [10, 'inventory-service', 430],
      [21, 'order-service', 120],
    ]);
    expect(cpuBetween(before, after)).toEqual(
      new Map([
        ['inventory-service', 30],
        ['order-service', 120],
      ]),
    );
  });

  it('never counts a negative amount (a pid reused by a younger process)', () => {
    expect(cpuBetween(sample([[10, 'redis', 500]]), sample([[10, 'redis', 20]]))).toEqual(
      new Map([['redis', 0]]),
    );
  });
});

describe('CpuAccount', () => {
  it('has nothing to say before an operation completed', () => {
    const account = new CpuAccount();
    expect(account.perOperation()).toBeUndefined();
    account.add(new Map([['order-service', 30]]), 0);
    expect(account.perOperation()).toBeUndefined();
  });

  it('divides the CPU of all runs by the operations of all runs, per process and in total', () => {
    const account = new CpuAccount();
    account.add(
      new Map([
        ['order-service', 300],
        ['inventory-service', 100],
      ]),
      1000,
    );
    account.add(
      new Map([
        ['order-service', 200],
        ['kafka-lite', 10],
      ]),
      1000,
    );
    expect(account.perOperation()).toEqual({
      totalUs: 305,
      byProcessUs: { 'order-service': 250, 'inventory-service': 50, 'kafka-lite': 5 },
      cpuMs: 610,
      operations: 2000,
      idleMs: 0,
      // Each run on its own: 400 ms over 1000, then 210 ms over 1000.
      perRunUs: [400, 210],
    });
  });

  it('keeps no run that completed nothing among the per-run figures', () => {
    const account = new CpuAccount();
    account.add(new Map([['auth-service', 10]]), 0);
    account.add(new Map([['auth-service', 10]]), 5);
    expect(account.perOperation()).toMatchObject({ totalUs: 4000, perRunUs: [2000] });
  });

  it('rounds to a tenth of a microsecond', () => {
    const account = new CpuAccount();
    account.add(new Map([['auth-service', 10]]), 3);
    expect(account.perOperation()).toMatchObject({
      totalUs: 3333.3,
      byProcessUs: { 'auth-service': 3333.3 },
    });
  });

  it('takes each process’s idle rate over the window off its CPU, never below 0, and says how much', () => {
    const account = new CpuAccount();
    const rates = new Map([
      ['order-service', 30],
      ['console', 50],
    ]);
    // 500 ms windows: 15 ms of order-service's and 25 ms of the console's work would have happened anyway.
    account.add(
      new Map([
        ['order-service', 115],
        ['console', 10],
        ['Redis', 4],
      ]),
      10,
      { windowMs: 500, rates },
    );
    expect(account.perOperation()).toEqual({
      totalUs: 10_400,
      byProcessUs: { 'order-service': 10_000, console: 0, Redis: 400 },
      cpuMs: 129,
      operations: 10,
      idleMs: 25,
      perRunUs: [10_400],
    });
  });
});
