import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { processEnv } from '@commlab/config';
import { freePort, waitFor } from '@commlab/testing';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..', '..');

/** `pnpm start` as a user runs it: the CLI process, every service as a child, kafka-lite in-process. */
describe('pnpm start', () => {
  let child: ChildProcessWithoutNullStreams;
  let output = '';
  let dataDir: string;
  const ports: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'commlab-start-'));
    for (const name of [
      'KAFKA_LITE_PORT',
      'AUTH_HTTP_PORT',
      'AUTH_GRPC_PORT',
      'INVENTORY_HTTP_PORT',
      'INVENTORY_GRPC_PORT',
      'ORDER_HTTP_PORT',
      'NOTIFICATION_HTTP_PORT',
      'REPORTING_HTTP_PORT',
    ]) {
      ports[name] = String(await freePort());
    }
    const { PATH, HOME } = processEnv();
    const env = {
      PATH,
      HOME,
      ...ports,
      COMMLAB_DATA_DIR: dataDir,
      AUTH_GRPC_URL: `127.0.0.1:${ports.AUTH_GRPC_PORT}`,
      AUTH_HTTP_URL: `http://127.0.0.1:${ports.AUTH_HTTP_PORT}`,
      INVENTORY_GRPC_URL: `127.0.0.1:${ports.INVENTORY_GRPC_PORT}`,
      INVENTORY_HTTP_URL: `http://127.0.0.1:${ports.INVENTORY_HTTP_PORT}`,
    };
    child = spawn(
      process.execPath,
      ['--conditions=@commlab/source', '--import', 'tsx', 'apps/cli/src/main.ts', 'start'],
      {
        cwd: ROOT,
        env,
      },
    );
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    await waitFor(() => output.includes('commlab is up') || child.exitCode !== null, {
      timeoutMs: 150_000,
      intervalMs: 200,
      description: '"commlab is up"',
    });
  });

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts auth, inventory and order, then prints their URLs and the demo logins', () => {
    expect(child.exitCode).toBeNull();
    expect(output).toContain(`kafka-lite           127.0.0.1:${ports.KAFKA_LITE_PORT}`);
    for (const service of ['auth-service', 'inventory-service', 'order-service'])
      expect(output).toMatch(new RegExp(`${service} +http://127`));
    expect(output).toContain(`http://127.0.0.1:${ports.ORDER_HTTP_PORT}`);
    expect(output).toContain('alice@example.com / alice-password');
  });

  it('serves a sync order end to end', async () => {
    const login = await fetch(`http://127.0.0.1:${ports.AUTH_HTTP_PORT}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'alice@example.com', password: 'alice-password' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const order = await fetch(`http://127.0.0.1:${ports.ORDER_HTTP_PORT}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ items: [{ sku: 'sticker-kafka', quantity: 3 }] }),
    });
    expect(order.status).toBe(201);
    expect(await order.json()).toMatchObject({ status: 'CONFIRMED', totalCents: 300 });
  });

  it('refuses a second stack on the same ports with a one-line message naming the port', async () => {
    const { PATH, HOME } = processEnv();
    const second = spawn(
      process.execPath,
      ['--conditions=@commlab/source', '--import', 'tsx', 'apps/cli/src/main.ts', 'start'],
      {
        cwd: ROOT,
        env: { PATH, HOME, ...ports, COMMLAB_DATA_DIR: dataDir },
      },
    );
    let stderr = '';
    second.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(`port ${ports.KAFKA_LITE_PORT} \\(kafka-lite\\) is not free \\(EADDRINUSE\\)`),
    );
  });

  it('stops every service and exits 0 on Ctrl-C', async () => {
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(output).toContain('commlab start: stopping');
    await expect(fetch(`http://127.0.0.1:${ports.ORDER_HTTP_PORT}/health`)).rejects.toThrow();
  });
});
