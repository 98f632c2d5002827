import { requirePostgres, requireRabbitMq } from '@commlab/testing';

import { runCli } from './support/cli-process';

jest.setTimeout(240_000);

/**
 * `pnpm chaos` on a small scale, as a user runs it: it starts a stack of its own (ports, vhost, database,
 * redis-server, kafka-lite), kills notification-service with a backlog and prints the accounting. The full
 * run (every scenario, 600 orders each) is the command itself, in docs/reliability.md.
 */
describe('pnpm chaos', () => {
  it('kill-notification with 50 orders: every order final, 0 lost, 0 duplicated, exit 0', async () => {
    const env = {
      RABBITMQ_URL: await requireRabbitMq(),
      DATABASE_URL: await requirePostgres(),
    };
    // The command also needs redis-server and rabbitmqctl on this machine; it says so if they are missing.
    const { code, stdout, stderr } = await runCli(
      'chaos',
      ['--scenario', 'kill-notification', '--orders', '50'],
      env,
    );
    const row = stdout.split('\n').find((line) => line.startsWith('kill-notification '));
    expect({ code, row, stderr: code === 0 ? '' : stderr }).toEqual({
      code: 0,
      row: expect.any(String) as string,
      stderr: '',
    });
    // sent refused CONFIRMED REJECTED PENDING missing lost dup
    const cells = (row ?? '').trim().split(/\s+/);
    const [sent, refused, confirmed, rejected, pending, missing, lost, duplicated] = cells
      .slice(1, 9)
      .map(Number);
    expect({ sent, pending, missing, lost, duplicated }).toEqual({
      sent: 50,
      pending: 0,
      missing: 0,
      lost: 0,
      duplicated: 0,
    });
    expect((confirmed ?? 0) + (rejected ?? 0) + (refused ?? 0)).toBe(50);
    expect(row).toMatch(/ ok$/);
    expect(stderr).toContain('notification-service: kill -9');
  });
});
