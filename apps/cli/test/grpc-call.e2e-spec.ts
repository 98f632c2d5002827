import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { processEnv } from '@commlab/config';
import { kafkaTopicLayout } from '@commlab/contracts';
import { type KafkaLite, startKafkaLite } from '@commlab/kafka-lite';
import { freePort, type ThrowawayVhost, throwawayVhost } from '@commlab/testing';

import {
  type RunningService,
  spawnService,
  stopService,
  tail,
  waitHealthy,
} from '../src/start/service-process';
import { ROOT, runCli } from './support/cli-process';

jest.setTimeout(180_000);

const INVENTORY = 'commlab.inventory.v1.InventoryService';

/** Where the test's auth-service answers (ReserveStock/ReleaseStock: the CLI gets a service token there). */
let authHttpUrl = '';

/** `pnpm grpc …` as a user runs it: the CLI in a child process of its own. */
const grpc = (args: readonly string[], env: Record<string, string> = {}) =>
  runCli('grpc', args, { AUTH_HTTP_URL: authHttpUrl, ...env });

/** The "failed in N ms" of an error line. */
function elapsedMs(line: string): number {
  const match = / failed in ([\d.]+) ms: /.exec(line);
  if (match?.[1] === undefined) throw new Error(`no "failed in N ms" in ${line}`);
  return Number(match[1]);
}

/**
 * A TCP server that accepts connections and never says a word: no HTTP/2 settings, no response. A gRPC
 * call to it can only end by its deadline.
 */
async function silentServer(): Promise<{ address: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

describe('pnpm grpc', () => {
  let kafka: KafkaLite | undefined;
  let vhost: ThrowawayVhost | undefined;
  let authDataDir: string;
  let logDir: string;
  let inventory: RunningService | undefined;
  let auth: RunningService | undefined;
  let inventoryGrpcPort: number;
  let authGrpcAddress: string;
  let authHttpPort: number;

  /** Starts a service from its sources as `pnpm start` does and waits for its /health. */
  async function startService(
    name: 'inventory-service' | 'auth-service',
    httpPort: number,
    env: Record<string, string>,
  ): Promise<RunningService> {
    const { PATH, HOME } = processEnv();
    const logFile = join(logDir, `${name}.log`);
    const running = spawnService({ name, httpPort }, join(ROOT, 'apps', name, 'src', 'main.ts'), {
      cwd: ROOT,
      env: { PATH, HOME, COMMLAB_ENV: 'test', LOG_LEVEL: 'warn', ...env },
      logFile,
    });
    const problem = await waitHealthy(running, 120_000);
    if (problem !== undefined) throw new Error(`${name} did not start: ${problem}\n${tail(logFile)}`);
    return running;
  }

  beforeAll(async () => {
    logDir = mkdtempSync(join(tmpdir(), 'commlab-grpc-logs-'));
    authDataDir = mkdtempSync(join(tmpdir(), 'commlab-grpc-auth-'));
    vhost = await throwawayVhost('cli-grpc');
    const rabbitmqUrl = vhost.url;
    kafka = await startKafkaLite({
      port: 0,
      logLevel: 'silent',
      topics: kafkaTopicLayout(),
      groupInitialRebalanceDelayMs: 0,
    });
    const kafkaBootstrap = kafka.bootstrap;
    inventoryGrpcPort = await freePort();
    const inventoryHttpPort = await freePort();
    const authGrpcPort = await freePort();
    authHttpPort = await freePort();
    authGrpcAddress = `127.0.0.1:${authGrpcPort}`;
    authHttpUrl = `http://127.0.0.1:${authHttpPort}`;
    [inventory, auth] = await Promise.all([
      startService('inventory-service', inventoryHttpPort, {
        INVENTORY_HTTP_PORT: String(inventoryHttpPort),
        INVENTORY_GRPC_PORT: String(inventoryGrpcPort),
        INVENTORY_DATA_DIR: 'memory://',
        SEED_DEMO_DATA: 'true',
        KAFKA_BROKERS: kafkaBootstrap,
        RABBITMQ_URL: rabbitmqUrl,
        // ReserveStock/ReleaseStock need a service token, verified against this auth's keys.
        AUTH_HTTP_URL: authHttpUrl,
      }),
      startService('auth-service', authHttpPort, {
        AUTH_HTTP_PORT: String(authHttpPort),
        AUTH_GRPC_PORT: String(authGrpcPort),
        AUTH_DATA_DIR: authDataDir,
        SEED_DEMO_DATA: 'true',
      }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([
      inventory === undefined ? undefined : stopService(inventory),
      auth === undefined ? undefined : stopService(auth),
    ]);
    await kafka?.close();
    await vhost?.drop();
    rmSync(authDataDir, { recursive: true, force: true });
    rmSync(logDir, { recursive: true, force: true });
  });

  it('calls CheckStock at the address INVENTORY_GRPC_PORT gives and prints the response in field order', async () => {
    const run = await grpc(['inventory', 'CheckStock', '{"skus":["mug-red"]}'], {
      INVENTORY_GRPC_PORT: String(inventoryGrpcPort),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [first, ...rest] = run.stdout.trimEnd().split('\n');
    expect(first).toMatch(new RegExp(`^${INVENTORY}/CheckStock OK in \\d+(\\.\\d)? ms$`));
    expect(rest.join('\n')).toBe(
      JSON.stringify(
        { levels: [{ sku: 'mug-red', available: 100, unitPriceCents: 1250, currency: 'USD' }] },
        null,
        2,
      ),
    );
  });

  it('prints default values and .proto field order for ReserveStock and ReleaseStock', async () => {
    const address = `127.0.0.1:${inventoryGrpcPort}`;
    const reserve = await grpc([
      'inventory',
      'ReserveStock',
      '{"reservation_id":"cli-e2e-1","items":[{"sku":"tee-black","quantity":2}]}',
      '--address',
      address,
    ]);
    expect(reserve.code).toBe(0);
    expect(reserve.stdout.split('\n').slice(1).join('\n').trim()).toBe(
      JSON.stringify(
        {
          reservationId: 'cli-e2e-1',
          lines: [{ sku: 'tee-black', quantity: 2, unitPriceCents: 2000, lineTotalCents: 4000 }],
          totalCents: 4000,
          currency: 'USD',
        },
        null,
        2,
      ),
    );
    await grpc(['inventory', 'ReleaseStock', '{"reservationId":"cli-e2e-1"}', '--address', address]);
    const again = await grpc([
      'inventory',
      'ReleaseStock',
      '{"reservationId":"cli-e2e-1"}',
      '--address',
      address,
    ]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout.split('\n').slice(1).join('\n'))).toEqual({
      reservationId: 'cli-e2e-1',
      released: false,
      lines: [],
    });
  });

  it('ReserveStock without a service token to be had: exit 2 saying how to get one; with a bad --token: UNAUTHENTICATED', async () => {
    const address = `127.0.0.1:${inventoryGrpcPort}`;
    const request = '{"reservationId":"cli-e2e-3","items":[{"sku":"mug-red","quantity":1}]}';
    const noAuth = await grpc(['inventory', 'ReserveStock', request, '--address', address], {
      AUTH_HTTP_URL: 'http://127.0.0.1:9',
    });
    expect(noAuth.code).toBe(2);
    expect(noAuth.stderr).toContain('ReserveStock needs a service token (scope stock:reserve)');
    const badToken = await grpc([
      'inventory',
      'ReserveStock',
      request,
      '--address',
      address,
      '--token',
      'x.y.z',
    ]);
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toContain('UNAUTHENTICATED');
  });

  it("reports a refused ReserveStock with its status name and commlab's error code, exit 1", async () => {
    const run = await grpc([
      'inventory',
      'ReserveStock',
      '{"reservationId":"cli-e2e-2","items":[{"sku":"mug-red","quantity":5000}]}',
      '--address',
      `127.0.0.1:${inventoryGrpcPort}`,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^${INVENTORY}/ReserveStock failed in [\\d.]+ ms: FAILED_PRECONDITION \\(9\\): .*mug-red`),
    );
    expect(lines).toContain('code: OUT_OF_STOCK');
  });

  it('gives up with DEADLINE_EXCEEDED after about --deadline when the server never answers', async () => {
    const silent = await silentServer();
    try {
      const run = await grpc([
        'inventory',
        'CheckStock',
        '{"skus":["mug-red"]}',
        '--deadline',
        '1000',
        '--address',
        silent.address,
      ]);
      expect(run.code).toBe(1);
      const [line, hint] = run.stderr.trimEnd().split('\n');
      expect(line).toMatch(
        new RegExp(`^${INVENTORY}/CheckStock failed in \\d+ ms: DEADLINE_EXCEEDED \\(4\\): `),
      );
      const ms = elapsedMs(line ?? '');
      expect(ms).toBeGreaterThanOrEqual(950);
      expect(ms).toBeLessThan(2500);
      expect(hint).toContain('no answer within --deadline 1000 ms');
    } finally {
      await silent.close();
    }
  });

  it('reports UNAVAILABLE with a hint when nothing listens', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const run = await grpc(['inventory', 'CheckStock', '{"skus":["mug-red"]}', '--address', address]);
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^${INVENTORY}/CheckStock failed in [\\d.]+ ms: UNAVAILABLE \\(14\\): `),
    );
    expect(lines[1]).toBe(`is inventory-service running on ${address}? (pnpm start)`);
  });

  it('refuses malformed JSON, an unknown method and an unknown field with exit 2, calling nothing', async () => {
    const badJson = await grpc(['inventory', 'CheckStock', '{"skus":[mug-red]}']);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toMatch(/^commlab grpc: json-request is not valid JSON \(/);

    const method = await grpc(['inventory', 'checkstock']);
    expect(method.code).toBe(2);
    expect(method.stderr).toContain(
      'did you mean CheckStock?); commlab.inventory.v1.InventoryService has CheckStock, ReserveStock, ReleaseStock',
    );

    const field = await grpc(['inventory', 'CheckStock', '{"sku":"mug-red"}']);
    expect(field.code).toBe(2);
    expect(field.stderr).toContain(
      'request has no field "sku": commlab.inventory.v1.CheckStockRequest has skus',
    );
  });

  it('verifies an access token over AuthService/VerifyToken, and reports a bad one as UNAUTHENTICATED', async () => {
    const login = await fetch(`http://127.0.0.1:${authHttpPort}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'alice@example.com', password: 'alice-password' }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };

    const run = await grpc([
      'auth',
      'VerifyToken',
      JSON.stringify({ token: accessToken }),
      '--token',
      accessToken,
      '--address',
      authGrpcAddress,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [first, ...rest] = run.stdout.trimEnd().split('\n');
    expect(first).toMatch(/^commlab\.auth\.v1\.AuthService\/VerifyToken OK in [\d.]+ ms$/);
    const response = JSON.parse(rest.join('\n')) as Record<string, unknown>;
    expect(Object.keys(response)).toEqual(['userId', 'email', 'expiresAtUnixSeconds', 'scopes']);
    expect(response.email).toBe('alice@example.com');

    const bad = await grpc(['auth', 'VerifyToken', '{"token":"not-a-jwt"}', '--address', authGrpcAddress]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /^commlab\.auth\.v1\.AuthService\/VerifyToken failed in [\d.]+ ms: UNAUTHENTICATED \(16\): /,
    );
  });
});
