import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { processEnv } from '@commlab/config';
import { RABBITMQ_QUEUES, REDIS_CHANNELS } from '@commlab/contracts';
import type { LiveFeedLine } from '@commlab/messaging';
import { requireRedis, stackPorts, type ThrowawayVhost, throwawayVhost, waitFor } from '@commlab/testing';
import { connect, type GetMessage } from 'amqplib';
import { Redis } from 'ioredis';

import { ROOT, runCli } from './support/cli-process';
import { expectAsyncOrderTrace, type ReceivedCallback } from './support/async-order-trace';
import { expectRequestReplyTrace, expectSyncOrderTrace, spanOf, traceOfOrder } from './support/order-traces';

jest.setTimeout(180_000);

/** `pnpm start` as a user runs it: the CLI process, every service as a child, kafka-lite in-process. */
describe('pnpm start', () => {
  let child: ChildProcessWithoutNullStreams;
  let output = '';
  let dataDir: string;
  let syncOrderId = '';
  let accessToken = '';
  let vhost: ThrowawayVhost;
  let receiver: Server;
  let receiverUrl = '';
  const callbacks: ReceivedCallback[] = [];
  const ports: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'commlab-start-'));
    // RabbitMQ's queues of this stack, out of reach of any other stack on the machine.
    vhost = await throwawayVhost('start');
    // The async orders' callback URL: records each POST's traceparent.
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const { data } = JSON.parse(body) as { data: { id: string } };
        const traceparent = request.headers.traceparent;
        callbacks.push({
          orderId: data.id,
          traceparent: typeof traceparent === 'string' ? traceparent : undefined,
        });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${String((receiver.address() as AddressInfo).port)}/callbacks`;
    // Below the ephemeral range: other test runs' connections cannot take these before the stack binds them.
    Object.assign(ports, await stackPorts());
    const { PATH, HOME } = processEnv();
    const env = {
      PATH,
      HOME,
      ...ports,
      COMMLAB_DATA_DIR: dataDir,
      // Every other test runs PGlite on the services' event loops (the default): this stack runs the other way.
      PGLITE_THREAD: 'worker',
      RABBITMQ_URL: vhost.url,
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

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    receiver.close();
    await vhost.drop();
  });

  const placeOrder = async (
    items: { sku: string; quantity: number }[],
    options: { transport?: string; async?: boolean } = {},
  ) => {
    const response = await fetch(
      `http://127.0.0.1:${ports.ORDER_HTTP_PORT ?? ''}/orders${options.transport === undefined ? '' : `?transport=${options.transport}`}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${accessToken}`,
          ...(options.async === true ? { prefer: 'respond-async' } : {}),
        },
        body: JSON.stringify({ items, ...(options.async === true ? { callbackUrl: receiverUrl } : {}) }),
      },
    );
    expect(response.status).toBe(options.async === true ? 202 : 201);
    return ((await response.json()) as { id: string }).id;
  };
  const storeUrl = () => `http://127.0.0.1:${ports.TRACE_STORE_PORT ?? ''}`;

  it('starts auth, inventory and order, then prints their URLs and the demo logins', () => {
    expect(child.exitCode).toBeNull();
    expect(output).toContain(`kafka-lite           127.0.0.1:${ports.KAFKA_LITE_PORT}`);
    for (const service of ['auth-service', 'inventory-service', 'order-service'])
      expect(output).toMatch(new RegExp(`${service} +http://127`));
    expect(output).toContain(`http://127.0.0.1:${ports.ORDER_HTTP_PORT}`);
    expect(output).toContain('alice@example.com / alice-password');
    expect(output).toContain(`Stores: PGlite in ${dataDir}/<service> (each on a worker thread)`);
    expect(output).toContain(`console              http://127.0.0.1:${ports.CONSOLE_PORT ?? ''}`);
  });

  it('starts the console, which sees every service up', async () => {
    const response = await fetch(`http://127.0.0.1:${ports.CONSOLE_PORT ?? ''}/api/status`);
    expect(response.status).toBe(200);
    await waitFor(
      async () => {
        const status = (await (
          await fetch(`http://127.0.0.1:${ports.CONSOLE_PORT ?? ''}/api/status`)
        ).json()) as {
          services: { name: string; health: string }[];
        };
        return status.services.every((service) => service.health === 'up');
      },
      { timeoutMs: 20_000, description: 'the console to see every service up' },
    );
  });

  it('serves a sync order end to end', async () => {
    const login = await fetch(`http://127.0.0.1:${ports.AUTH_HTTP_PORT}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'alice@example.com', password: 'alice-password' }),
    });
    ({ accessToken } = (await login.json()) as { accessToken: string });
    const order = await fetch(`http://127.0.0.1:${ports.ORDER_HTTP_PORT}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ items: [{ sku: 'sticker-kafka', quantity: 3 }] }),
    });
    expect(order.status).toBe(201);
    const placed = (await order.json()) as { id: string };
    expect(placed).toMatchObject({ status: 'CONFIRMED', totalCents: 300 });
    syncOrderId = placed.id;
  });

  it('traces the sync order as one trace (order → auth gRPC → inventory gRPC → PGlite), and pnpm trace prints it', async () => {
    expect(output).toContain(`trace store          http://127.0.0.1:${ports.TRACE_STORE_PORT ?? ''}`);
    const traceId = await expectSyncOrderTrace(storeUrl(), syncOrderId);
    const printed = await runCli('trace', [syncOrderId, '--width', '0'], { TRACE_STORE_URL: storeUrl() });
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain(`trace ${traceId}`);
    expect(printed.stdout).toMatch(/order-service +http +POST \/orders/);
    expect(printed.stdout).toMatch(/inventory-service +grpc +.*└ .*ReserveStock/);
    expect((await runCli('trace', ['no-such-order'], { TRACE_STORE_URL: storeUrl() })).code).toBe(1);
  });

  it('continues the trace through broker request-reply: Kafka and RabbitMQ RPC (the request is a child)', async () => {
    const overKafka = await placeOrder([{ sku: 'sticker-kafka', quantity: 1 }], { transport: 'kafka' });
    await expectRequestReplyTrace(storeUrl(), overKafka, {
      consumer: (s) => s.name === 'process inventory.reserve-stock',
      reply: (s) => s.name === 'process inventory.reserve-stock.reply',
    });
    const overRabbitMq = await placeOrder([{ sku: 'sticker-kafka', quantity: 1 }], { transport: 'rmq' });
    await expectRequestReplyTrace(storeUrl(), overRabbitMq, {
      consumer: (s) => s.name === 'inventory.rpc process',
    });
  });

  it('traces an async order as one trace from the 202 to the webhook POST; reporting and notification link to it', async () => {
    const orderId = await placeOrder([{ sku: 'mug-red', quantity: 1 }], { async: true });
    await waitFor(() => callbacks.some((callback) => callback.orderId === orderId), {
      timeoutMs: 20_000,
      description: 'the webhook POST of the async order',
    });
    await expectAsyncOrderTrace(storeUrl(), orderId, () =>
      callbacks.find((callback) => callback.orderId === orderId),
    );
  });

  it('a redelivered message continues its trace instead of starting a new one', async () => {
    expect((await stack('stop', 'inventory')).code).toBe(0);
    const orderId = await placeOrder([{ sku: 'mug-red', quantity: 1 }], { async: true });
    // Take the command off the queue and give it back: RabbitMQ redelivers it, flagged `redelivered`.
    const connection = await connect(vhost.url);
    const channel = await connection.createChannel();
    const taken: { message?: GetMessage } = {};
    await waitFor(
      async () => {
        const message = await channel.get(RABBITMQ_QUEUES.inventoryCommands, { noAck: false });
        if (message !== false) taken.message = message;
        return message !== false;
      },
      { timeoutMs: 15_000, description: 'the ReserveStock command on inventory.commands' },
    );
    if (taken.message !== undefined) channel.nack(taken.message, false, true);
    await channel.close();
    await connection.close();
    expect((await stack('start', 'inventory')).code).toBe(0);

    const trace = await traceOfOrder(
      storeUrl(),
      orderId,
      (t) => t.spans.some((s) => s.service === 'inventory-service' && s.kind === 'consumer'),
      'inventory processing the redelivered command in the order trace',
    );
    const redelivered = spanOf(
      trace,
      'the redelivered command',
      (s) => s.service === 'inventory-service' && s.kind === 'consumer',
    );
    expect(redelivered.attributes['commlab.delivery.redelivered']).toBe(true);
    expect(spanOf(trace, 'its send span', (s) => s.spanId === redelivered.parentSpanId).name).toBe(
      'send inventory.commands',
    );
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

  /** `pnpm stack …` against this stack. */
  const stack = (...args: string[]) => runCli('stack', args, { COMMLAB_DATA_DIR: dataDir });

  const health = (port: string | undefined, timeoutMs = 2_000) =>
    fetch(`http://127.0.0.1:${port ?? ''}/health`, { signal: AbortSignal.timeout(timeoutMs) }).then(
      (response) => response.status,
      // fetch's errors come from Node's realm, not Jest's: read their fields, not their class.
      (error: unknown) => {
        const { name, cause } = error as { name?: string; cause?: { code?: string } };
        return cause?.code ?? name ?? 'error';
      },
    );

  it('pnpm stack: status, then pause and resume one service (SIGSTOP: ports open, no answers)', async () => {
    const status = await stack('status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^service +state +pid +http +grpc$/m);
    expect(status.stdout).toMatch(
      new RegExp(
        `^inventory-service +running +\\d+ +${ports.INVENTORY_HTTP_PORT ?? ''} +${ports.INVENTORY_GRPC_PORT ?? ''}$`,
        'm',
      ),
    );

    expect(await stack('pause', 'inventory')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('inventory-service: paused (SIGSTOP') as string,
    });
    expect(await health(ports.INVENTORY_HTTP_PORT, 1_000)).toBe('TimeoutError');
    expect((await stack('status')).stdout).toMatch(/^inventory-service +paused/m);
    expect((await stack('resume', 'inventory')).stdout).toContain('inventory-service: running');
    expect(await health(ports.INVENTORY_HTTP_PORT)).toBe(200);
    expect(child.exitCode).toBeNull();
  });

  it('pnpm stack: stops one service (the stack keeps running) and starts it again with an extra variable', async () => {
    const stopped = await stack('stop', 'order');
    expect(stopped).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('order-service: stopped') as string,
    });
    expect(await health(ports.ORDER_HTTP_PORT)).toBe('ECONNREFUSED');
    expect(await health(ports.INVENTORY_HTTP_PORT)).toBe(200);
    expect((await stack('stop', 'order')).code).toBe(0); // already stopped: nothing to do

    const started = await stack('start', 'order-service', '--env', 'LOG_LEVEL=debug');
    expect(started.code).toBe(0);
    expect(started.stdout).toContain('order-service: running with LOG_LEVEL=debug');
    expect(await health(ports.ORDER_HTTP_PORT)).toBe(200);
    expect(child.exitCode).toBeNull();
  });

  it('pnpm stack: refuses an unknown service or action with a clear message', async () => {
    expect(await stack('stop', 'billing')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        'no service "billing" in this stack (services: auth-service,',
      ) as string,
    });
    expect((await stack('pause', 'auth')).code).toBe(0);
    expect(await stack('start', 'auth')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('cannot start auth-service while it is paused') as string,
    });
    expect((await stack('resume', 'auth')).code).toBe(0);
    expect(await stack('restart', 'auth')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown action "restart"') as string,
    });
  });

  /** The pid `pnpm stack status` shows for a service (its row: name state pid http grpc). */
  const pidOf = async (service: string) => {
    const row = new RegExp(`^${service} +running +(\\d+) `, 'm').exec((await stack('status')).stdout);
    return row?.[1];
  };
  const otherServices = ['AUTH_HTTP_PORT', 'INVENTORY_HTTP_PORT', 'ORDER_HTTP_PORT', 'REPORTING_HTTP_PORT'];

  it('restarts a service killed with kill -9, says so on its console and the live feed; the rest stays up', async () => {
    // This stack's lines on the feed: other stacks on the machine post there too, on other ports.
    const live = new Redis(await requireRedis());
    const lines: LiveFeedLine[] = [];
    live.on('message', (_channel: string, line: string) => {
      const parsed = JSON.parse(line) as LiveFeedLine;
      if (parsed.service === 'stack' && parsed.httpPort === Number(ports.NOTIFICATION_HTTP_PORT))
        lines.push(parsed);
    });
    await live.subscribe(REDIS_CHANNELS.live);
    try {
      const oldPid = await pidOf('notification-service');
      expect(oldPid).toBeDefined();
      process.kill(Number(oldPid), 'SIGKILL');

      await waitFor(() => output.includes('commlab start: notification-service restarted'), {
        timeoutMs: 90_000,
        intervalMs: 200,
        description: "the restart line on pnpm start's console",
      });
      expect(output).toMatch(
        /commlab start: notification-service crashed \(SIGKILL\) after [\d.]+ (s|min) up; restarting in 0\.5 s \(restart 1\)/,
      );
      expect(output).not.toContain('notification-service stopped (SIGKILL)');
      expect(await health(ports.NOTIFICATION_HTTP_PORT)).toBe(200);
      const newPid = await pidOf('notification-service');
      expect(newPid).toBeDefined();
      expect(newPid).not.toBe(oldPid);
      // The rest of the stack never went down: same processes, all healthy, pnpm start still running.
      expect(child.exitCode).toBeNull();
      for (const port of otherServices) expect(await health(ports[port])).toBe(200);
      const status = (await stack('status')).stdout;
      expect(status.match(/^\S+-service +running +\d+/gm)).toHaveLength(5);
      expect(status).toContain('notification-service: restarted 1 time after a crash');

      await waitFor(() => lines.some((line) => line.event === 'service.restarted'), {
        timeoutMs: 10_000,
        description: 'service.restarted on commlab.live',
      });
      expect(lines.map((line) => line.event)).toEqual(['service.crashed', 'service.restarted']);
      expect(lines[0]).toMatchObject({ name: 'notification-service', reason: 'SIGKILL', restartInMs: 500 });
      expect(lines[1]).toMatchObject({ name: 'notification-service', pid: Number(newPid), attempt: 1 });
    } finally {
      live.disconnect();
    }
  });

  it('pnpm stack stop is not undone: a service stopped on purpose stays stopped', async () => {
    const before = output;
    expect((await stack('stop', 'notification')).stdout).toContain(
      'notification-service: stopped (pnpm start does not restart it)',
    );
    // Far longer than the first backoff (0.5 s): had its exit counted as a crash, it would be back.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect((await stack('status')).stdout).toMatch(/^notification-service +stopped +– /m);
    expect(await health(ports.NOTIFICATION_HTTP_PORT)).toBe('ECONNREFUSED');
    expect(output.slice(before.length)).not.toMatch(/notification-service (crashed|restarted)/);
    expect((await stack('start', 'notification')).code).toBe(0);
    expect(await health(ports.NOTIFICATION_HTTP_PORT)).toBe(200);
  });

  it('stops every service and exits 0 on Ctrl-C', async () => {
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(output).toContain('commlab start: stopping');
    // No restart raced the shutdown: every service's exit was asked for.
    expect(output.slice(output.indexOf('commlab start: stopping'))).not.toMatch(/crashed|restarted/);
    await expect(fetch(`http://127.0.0.1:${ports.ORDER_HTTP_PORT}/health`)).rejects.toThrow();
  });

  it('pnpm stack says when no stack is running', async () => {
    expect(await stack('status')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no pnpm start is running here') as string,
    });
  });
});
