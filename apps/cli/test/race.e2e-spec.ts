import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { processEnv } from '@commlab/config';
import {
  requirePostgres,
  requireRedis,
  stackPorts,
  type ThrowawayVhost,
  throwawayVhost,
  waitFor,
} from '@commlab/testing';
import pg from 'pg';

import { ROOT, runCli } from './support/cli-process';

jest.setTimeout(240_000);

/** The cells of the report's `total` row: transport, sent, confirmed, rejected, errors, conflicts. */
function totalRow(stdout: string): string[] {
  const line = stdout.split('\n').find((row) => row.startsWith('total '));
  if (line === undefined) throw new Error(`no total row in:\n${stdout}`);
  return line.trim().split(/ {2,}/);
}

describe('pnpm race against a running stack', () => {
  it('refuses a bad command line with exit 2 and the usage, without a stack', async () => {
    const result = await runCli('race', ['tee-black', 'lots']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('<n> must be a whole number from 1 to 2000; got "lots"');
    expect(result.stderr).toContain('usage: pnpm race <sku> <n>');
  });

  describe('on PostgreSQL (concurrent transactions: real version conflicts)', () => {
    let child: ChildProcessWithoutNullStreams | undefined;
    let output = '';
    let dataDir = '';
    let vhost: ThrowawayVhost | undefined;
    let admin: pg.Client | undefined;
    let databaseName = '';
    const urls: Record<string, string> = {};

    beforeAll(async () => {
      const postgresUrl = await requirePostgres();
      const redisUrl = await requireRedis();
      vhost = await throwawayVhost('race');
      databaseName = `commlab_test_race_${randomBytes(4).toString('hex')}`;
      admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${databaseName}`);
      const databaseUrl = new URL(postgresUrl);
      databaseUrl.pathname = `/${databaseName}`;
      dataDir = mkdtempSync(join(tmpdir(), 'commlab-race-'));
      const ports = await stackPorts();
      Object.assign(urls, {
        ORDER_HTTP_URL: `http://127.0.0.1:${ports.ORDER_HTTP_PORT}`,
        AUTH_HTTP_URL: `http://127.0.0.1:${ports.AUTH_HTTP_PORT}`,
        INVENTORY_HTTP_URL: `http://127.0.0.1:${ports.INVENTORY_HTTP_PORT}`,
        REDIS_URL: redisUrl,
      });
      const { PATH, HOME } = processEnv();
      child = spawn(
        process.execPath,
        ['--conditions=@commlab/source', '--import', 'tsx', 'apps/cli/src/main.ts', 'start'],
        {
          cwd: ROOT,
          env: {
            PATH,
            HOME,
            ...ports,
            ...urls,
            COMMLAB_DATA_DIR: dataDir,
            RABBITMQ_URL: vhost.url,
            DATABASE_URL: databaseUrl.toString(),
            AUTH_GRPC_URL: `127.0.0.1:${ports.AUTH_GRPC_PORT}`,
            INVENTORY_GRPC_URL: `127.0.0.1:${ports.INVENTORY_GRPC_PORT}`,
            // Under contention inventory retries (with backoff) for longer than the default 2 s deadline
            // on a loaded machine: a sync order would then fail although it may reserve later. This test
            // checks the accounting of answered orders, so order-service waits for inventory's answer.
            DOWNSTREAM_TIMEOUT_MS: '30000',
          },
        },
      );
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      await waitFor(() => output.includes('commlab is up') || child?.exitCode !== null, {
        timeoutMs: 180_000,
        intervalMs: 200,
        description: '"commlab is up"',
      });
      if (child.exitCode !== null) throw new Error(`pnpm start exited:\n${output}`);
    }, 240_000);

    afterAll(async () => {
      const stack = child;
      if (stack?.exitCode === null) {
        // Ctrl-C: pnpm start stops every service it started; SIGKILL if it has not within 20 s.
        const exited = new Promise<boolean>((resolve) => {
          stack.once('exit', () => {
            resolve(true);
          });
        });
        stack.kill('SIGINT');
        const stopped = await Promise.race([exited, sleep(20_000, false, { ref: false })]);
        if (!stopped) stack.kill('SIGKILL');
      }
      if (dataDir !== '') rmSync(dataDir, { recursive: true, force: true });
      await vhost?.drop();
      if (databaseName !== '')
        await admin?.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`).catch(() => undefined);
      await admin?.end().catch(() => undefined);
    });

    /** alice's orders (the race's customer), as order-service lists them: saga style and transport. */
    async function aliceOrders(): Promise<{ mode: string; saga: string | null; transport: string }[]> {
      const login = await fetch(`${urls.AUTH_HTTP_URL ?? ''}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'alice@example.com', password: 'alice-password' }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const list = await fetch(`${urls.ORDER_HTTP_URL ?? ''}/orders?limit=100`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      return ((await list.json()) as { orders: { mode: string; saga: string | null; transport: string }[] })
        .orders;
    }

    it('races 30 orders of 2 tee-blacks (50 in stock) over every transport and saga style: the accounting holds', async () => {
      const result = await runCli('race', ['tee-black', '30', '--quantity', '2'], urls);
      const report = `${result.stdout}\n${result.stderr}`;
      // On failure Jest prints the received value: the whole report, to tell what went wrong.
      expect(result.code === 0 ? 'exit 0' : report).toBe('exit 0');
      for (const transport of ['rest', 'grpc', 'rabbitmq', 'kafka', 'async', 'choreography'])
        expect(result.stdout).toMatch(new RegExp(`^${transport} +5 +\\d+ `, 'm'));
      // The two async rows are the two saga styles, as order-service recorded them.
      const asyncOrders = (await aliceOrders()).filter((order) => order.mode === 'async');
      expect(asyncOrders.map(({ saga, transport }) => `${saga ?? '-'} ${transport}`).sort()).toEqual([
        ...Array<string>(5).fill('choreography kafka-event'),
        ...Array<string>(5).fill('orchestration rmq-command'),
      ]);
      const [, sent, confirmed, rejected, errors, conflicts] = totalRow(result.stdout);
      expect(sent === '30' && errors === '0' ? 'all 30 final, no errors' : report).toBe(
        'all 30 final, no errors',
      );
      // 50 units, 2 an order: 25 orders can be served, and nothing but lack of stock refuses the rest.
      expect({ confirmed, rejected }).toEqual({ confirmed: '25', rejected: '5 OUT_OF_STOCK' });
      expect(result.stdout).toContain(
        'stock of tee-black: before 50, after 0; before − after = 50, confirmed 25 × 2 = 50: OK',
      );
      // 30 writers on one stream: the losers' retries were on the live feed as they happened.
      expect(Number(conflicts)).toBeGreaterThan(0);
      // inventory's own answer agrees.
      const stock = (await (await fetch(`${urls.INVENTORY_HTTP_URL ?? ''}/stock/tee-black`)).json()) as {
        available: number;
      };
      expect(stock.available).toBe(0);
    });

    it('exits 2 for a SKU the stack does not know', async () => {
      const result = await runCli('race', ['no-such-sku', '3'], urls);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('unknown SKU "no-such-sku"');
    });
  });
});
