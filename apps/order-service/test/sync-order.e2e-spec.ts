import { connect, createServer, type Server, type Socket } from 'node:net';

import { freePort } from '@commlab/testing';

import { login, type SyncStack, startSyncStack, untilAnOrderWorks } from './support/sync-stack';

interface OrderBody {
  id: string;
  userId: string;
  status: string;
  transport: string;
  items: { sku: string; quantity: number; unitPriceCents: number; lineTotalCents: number }[];
  totalCents: number;
  currency: string;
  createdAt: string;
}

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

const cart = {
  items: [
    { sku: 'mug-red', quantity: 2 },
    { sku: 'tee-black', quantity: 1 },
  ],
};

/** The sync order flow (docs/architecture.md) end to end: real auth, inventory and order servers. */
jest.setTimeout(20_000);

describe.each(['pglite', 'postgres'] as const)('sync order over REST and gRPC (%s stores)', (backend) => {
  let stack: SyncStack;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    stack = await startSyncStack(backend);
    [alice, bob] = await Promise.all([
      login(stack.auth.httpUrl, 'alice@example.com', 'alice-password'),
      login(stack.auth.httpUrl, 'bob@example.com', 'bob-password'),
    ]);
    // order-service connects its RabbitMQ client in the background at boot: on a loaded machine that can
    // still be under way at the first order. Wait until one works, so the checks of bodies below are not
    // turned into a 503 by a slow connect.
    await untilAnOrderWorks(() => placeOrder(alice, '?transport=rmq'), 'a RabbitMQ order answers 201');
  }, 60_000);

  afterAll(async () => {
    await stack.stop();
  });

  const placeOrder = async (
    token: string,
    query: string,
    body: unknown = cart,
    orderUrl = stack.order.httpUrl,
  ) => {
    const response = await fetch(`${orderUrl}/orders${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };

  it.each(['?transport=grpc', '?transport=rest', '?transport=rmq', ''])(
    'alice orders with %p → 201 with prices and the right total',
    async (query) => {
      const { status, body } = await placeOrder(alice, query);
      expect(status).toBe(201);
      const order = body as OrderBody;
      expect(order).toMatchObject({
        status: 'CONFIRMED',
        transport: /transport=(\w+)/.exec(query)?.[1] ?? 'grpc',
        items: [
          { sku: 'mug-red', quantity: 2, unitPriceCents: 1250, lineTotalCents: 2500 },
          { sku: 'tee-black', quantity: 1, unitPriceCents: 2000, lineTotalCents: 2000 },
        ],
        totalCents: 4500,
        currency: 'USD',
      });
      const fetched = await fetch(`${stack.order.httpUrl}/orders/${order.id}`, {
        headers: { authorization: `Bearer ${alice}` },
      });
      expect(fetched.status).toBe(200);
      expect(await fetched.json()).toEqual(order);
    },
  );

  it('gives the same body over gRPC, REST and RabbitMQ RPC, apart from id, time and transport', async () => {
    const strip = (body: unknown) => {
      const { id: _id, createdAt: _createdAt, transport: _transport, ...rest } = body as OrderBody;
      return rest;
    };
    const overGrpc = await placeOrder(alice, '?transport=grpc');
    const overRest = await placeOrder(alice, '?transport=rest');
    const overRmq = await placeOrder(alice, '?transport=rmq');
    expect(overRmq.status).toBe(201);
    expect(strip(overRest.body)).toEqual(strip(overGrpc.body));
    expect(strip(overRmq.body)).toEqual(strip(overGrpc.body));
  });

  it.each(['grpc', 'rest', 'jwks'])('verifies the token with ?auth=%s', async (auth) => {
    expect((await placeOrder(alice, `?auth=${auth}`)).status).toBe(201);
  });

  it('shows a user only their own orders: bob gets 404 for alice’s order', async () => {
    const { body } = await placeOrder(alice, '');
    const id = (body as OrderBody).id;
    const asBob = await fetch(`${stack.order.httpUrl}/orders/${id}`, {
      headers: { authorization: `Bearer ${bob}` },
    });
    expect(asBob.status).toBe(404);
    expect(((await asBob.json()) as ErrorBody).code).toBe('ORDER_NOT_FOUND');
    const list = await fetch(`${stack.order.httpUrl}/orders`, {
      headers: { authorization: `Bearer ${bob}` },
    });
    expect(((await list.json()) as { orders: unknown[] }).orders).toEqual([]);
    const aliceList = await fetch(`${stack.order.httpUrl}/orders?limit=100`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    const orders = ((await aliceList.json()) as { orders: OrderBody[] }).orders;
    expect(orders.map((o) => o.id)).toContain(id);
    expect(new Set(orders.map((o) => o.userId)).size).toBe(1);
  });

  it.each(['grpc', 'rest', 'rmq'])(
    'poster-async (no stock) → 409 OUT_OF_STOCK naming the SKU over %s',
    async (transport) => {
      const { status, body } = await placeOrder(alice, `?transport=${transport}`, {
        items: [
          { sku: 'mug-red', quantity: 1 },
          { sku: 'poster-async', quantity: 1 },
        ],
      });
      expect(status).toBe(409);
      expect(body).toMatchObject({
        statusCode: 409,
        code: 'OUT_OF_STOCK',
        details: { skus: ['poster-async'] },
      });
      expect((body as ErrorBody).message).toContain('poster-async');
    },
  );

  it.each(['grpc', 'rest', 'rmq'])('an unknown SKU → 400 UNKNOWN_SKU over %s', async (transport) => {
    const { status, body } = await placeOrder(alice, `?transport=${transport}`, {
      items: [{ sku: 'no-such-sku', quantity: 1 }],
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'UNKNOWN_SKU' });
  });

  it.each(['grpc', 'rest', 'jwks'])(
    'a bad token → 401 TOKEN_INVALID with ?auth=%s; no token → 401 MISSING_TOKEN',
    async (auth) => {
      const forged = `${alice.slice(0, -4)}AAAA`;
      for (const token of [forged, 'not-a-jwt']) {
        const { status, body } = await placeOrder(token, `?auth=${auth}`);
        expect(status).toBe(401);
        expect((body as ErrorBody).code).toBe('TOKEN_INVALID');
      }
      const anonymous = await fetch(`${stack.order.httpUrl}/orders?auth=${auth}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(cart),
      });
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as ErrorBody).code).toBe('MISSING_TOKEN');
    },
  );

  it('an unknown ?transport= answers 400 naming the supported transports', async () => {
    const { status, body } = await placeOrder(alice, '?transport=smtp');
    expect(status).toBe(400);
    expect((body as ErrorBody).message).toContain('must be one of grpc, rest, rmq, kafka');
  });

  it('rejects unknown fields (400), malformed JSON (400) and bodies over 64 KiB (413)', async () => {
    expect((await placeOrder(alice, '', { ...cart, coupon: 'FREE' })).body).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
    });
    expect((await placeOrder(alice, '', '{"items": [')).body).toMatchObject({
      statusCode: 400,
      code: 'MALFORMED_JSON',
    });
    const huge = {
      items: [{ sku: 'mug-red', quantity: 1 }],
      callbackUrl: `http://example.com/${'x'.repeat(70 * 1024)}`,
    };
    expect((await placeOrder(alice, '', huge)).status).toBe(413);
  });

  describe('when a dependency does not answer', () => {
    let blackhole: Server;
    let blackholeAddress: string;
    const held = new Set<Socket>();

    beforeAll(async () => {
      // Accepts connections and never answers: the slowest possible dependency.
      blackhole = createServer((socket) => {
        held.add(socket);
      });
      await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
      const address = blackhole.address();
      if (address === null || typeof address === 'string') throw new Error('no address');
      blackholeAddress = `127.0.0.1:${address.port}`;
    });

    afterAll(async () => {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => blackhole.close(resolve));
    });

    it.each(['grpc', 'rest'])(
      'inventory hangs → 503 INVENTORY_UNAVAILABLE within the deadline (%s)',
      async (transport) => {
        const order = await stack.startOrder({
          INVENTORY_GRPC_URL: blackholeAddress,
          INVENTORY_HTTP_URL: `http://${blackholeAddress}`,
          DOWNSTREAM_TIMEOUT_MS: '500',
        });
        const started = Date.now();
        const { status, body } = await placeOrder(alice, `?transport=${transport}`, cart, order.httpUrl);
        expect(status).toBe(503);
        expect((body as ErrorBody).code).toBe('INVENTORY_UNAVAILABLE');
        expect(Date.now() - started).toBeLessThan(1500);
      },
    );

    it.each(['grpc', 'rest', 'jwks'])(
      'auth hangs → 503 AUTH_UNAVAILABLE within the deadline (%s)',
      async (auth) => {
        const order = await stack.startOrder({
          AUTH_GRPC_URL: blackholeAddress,
          AUTH_HTTP_URL: `http://${blackholeAddress}`,
          DOWNSTREAM_TIMEOUT_MS: '500',
        });
        const started = Date.now();
        const { status, body } = await placeOrder(alice, `?auth=${auth}`, cart, order.httpUrl);
        expect(status).toBe(503);
        expect((body as ErrorBody).code).toBe('AUTH_UNAVAILABLE');
        expect(Date.now() - started).toBeLessThan(1500);
      },
    );

    it('RabbitMQ unreachable at boot → order-service boots, ?transport=rmq is 503 until RabbitMQ is reachable, then 201', async () => {
      // order-service gets a RabbitMQ URL whose port nothing listens on yet; later a TCP relay to the
      // stack's RabbitMQ opens there, as a broker that comes up after the service.
      const rabbitmq = new URL(stack.rabbitmqUrl);
      const relayPort = await freePort();
      const lateUrl = new URL(stack.rabbitmqUrl);
      lateUrl.port = String(relayPort);
      const order = await stack.startOrder({ RABBITMQ_URL: lateUrl.toString() });

      const refused = await placeOrder(alice, '?transport=rmq', cart, order.httpUrl);
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ code: 'INVENTORY_UNAVAILABLE' });
      expect((refused.body as ErrorBody).message).toContain('ECONNREFUSED');

      const relayed = new Set<Socket>();
      const relay = createServer((client) => {
        const upstream = connect(Number(rabbitmq.port || '5672'), rabbitmq.hostname);
        for (const socket of [client, upstream]) {
          relayed.add(socket);
          socket.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve) => relay.listen(relayPort, '127.0.0.1', resolve));
      try {
        await untilAnOrderWorks(
          () => placeOrder(alice, '?transport=rmq', cart, order.httpUrl),
          'a RabbitMQ order answers 201 once RabbitMQ is reachable',
        );
      } finally {
        await order.close();
        for (const socket of relayed) socket.destroy();
        await new Promise((resolve) => relay.close(resolve));
      }
    });

    it('inventory stopped → 503 INVENTORY_UNAVAILABLE at once over gRPC and REST, at the deadline over RabbitMQ', async () => {
      await stack.inventory.close();
      for (const transport of ['grpc', 'rest']) {
        const started = Date.now();
        const { status, body } = await placeOrder(alice, `?transport=${transport}`);
        expect(status).toBe(503);
        expect((body as ErrorBody).code).toBe('INVENTORY_UNAVAILABLE');
        expect(Date.now() - started).toBeLessThan(1500);
      }
      // Over a broker nobody refuses the connection: the request waits in inventory.rpc until the
      // deadline, then expires there (AMQP expiration), so a restarted inventory never reserves for it.
      const order = await stack.startOrder({ DOWNSTREAM_TIMEOUT_MS: '500' });
      const started = Date.now();
      const { status, body } = await placeOrder(alice, '?transport=rmq', cart, order.httpUrl);
      expect(status).toBe(503);
      expect(body).toMatchObject({ code: 'INVENTORY_UNAVAILABLE' });
      expect((body as ErrorBody).message).toContain('no reply on inventory.rpc within 500 ms');
      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
      expect(Date.now() - started).toBeLessThan(1500);
    });
  });
});
