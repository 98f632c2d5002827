import { requirePostgres, requireRabbitMq } from '@commlab/testing';

import { type CliResult, runCli } from './support/cli-process';

jest.setTimeout(360_000);

/**
 * The saga scenarios here are the two that exercise compensation (cancellations and expiries racing the
 * confirmation, with Kafka down or inventory killed): saga-kill-inventory and saga-kill-order, about a
 * minute each, run with `pnpm chaos` (docs/reliability.md).
 */
const SCENARIOS = ['kill-notification', 'saga-kafka-down', 'saga-cancel-race'] as const;
const ORDERS = 40;

/**
 * `pnpm chaos` on a small scale, as a user runs it: it starts a stack of its own (ports, vhost, database,
 * redis-server, kafka-lite), runs kill-notification and two saga scenarios (async orders orchestrated and
 * choreographed, cancelled and expired while Kafka is down or inventory is killed) on one stack, and
 * prints the accounting. The full run (every scenario, 600 orders each) is the command itself,
 * in docs/reliability.md.
 */
describe('pnpm chaos', () => {
  let run: CliResult;

  beforeAll(async () => {
    const env = {
      RABBITMQ_URL: await requireRabbitMq(),
      DATABASE_URL: await requirePostgres(),
    };
    // The command also needs redis-server and rabbitmqctl on this machine; it says so if they are missing.
    run = await runCli(
      'chaos',
      [...SCENARIOS.flatMap((scenario) => ['--scenario', scenario]), '--orders', String(ORDERS)],
      env,
    );
  });

  it('exits 0: nothing lost, doubled or leaked in any scenario', () => {
    expect({
      code: run.code,
      stderr: run.code === 0 ? '' : run.stderr,
      stdout: run.code === 0 ? '' : run.stdout,
    }).toEqual({
      code: 0,
      stderr: '',
      stdout: '',
    });
  });

  it.each(SCENARIOS)(
    `%s with ${String(ORDERS)} orders: every order in one final state, 0 lost, 0 dup, 0 leaked`,
    (scenario) => {
      const row = run.stdout.split('\n').find((line) => line.startsWith(`${scenario} `));
      expect(row).toEqual(expect.any(String));
      // sent refused CONFIRMED REJECTED CANCELLED EXPIRED PENDING missing lost dup leaked
      const cells = (row ?? '').trim().split(/\s+/);
      const [
        sent,
        refused,
        confirmed,
        rejected,
        cancelled,
        expired,
        pending,
        missing,
        lost,
        duplicated,
        leaked,
      ] = cells.slice(1, 12).map(Number);
      expect({ sent, pending, missing, lost, duplicated, leaked }).toEqual({
        sent: ORDERS,
        pending: 0,
        missing: 0,
        lost: 0,
        duplicated: 0,
        leaked: 0,
      });
      expect((confirmed ?? 0) + (rejected ?? 0) + (cancelled ?? 0) + (expired ?? 0) + (refused ?? 0)).toBe(
        ORDERS,
      );
      expect(row).toMatch(/ ok$/);
    },
  );

  it('injected each fault', () => {
    expect(run.stderr).toContain('notification-service: kill -9');
    expect(run.stderr).toMatch(
      /kafka-lite down: \d+ async orders PENDING, [1-9]\d* cancelled, [1-9]\d* deadlines brought forward/,
    );
    expect(run.stderr).toContain('kafka-lite: started again');
    expect(run.stderr).toContain('inventory-service: let go, then kill -9 while it drains');
  });

  it('the cancellations and expiries of the saga scenarios end CANCELLED and EXPIRED', () => {
    const cells = (scenario: string) =>
      (run.stdout.split('\n').find((line) => line.startsWith(`${scenario} `)) ?? '')
        .trim()
        .split(/\s+/)
        .map(Number);
    // CANCELLED and EXPIRED are the 6th and 7th columns.
    expect(cells('saga-kafka-down')[5]).toBeGreaterThan(0);
    expect(cells('saga-kafka-down')[6]).toBeGreaterThan(0);
    expect(cells('saga-cancel-race')[5]).toBeGreaterThan(0);
  });
});
