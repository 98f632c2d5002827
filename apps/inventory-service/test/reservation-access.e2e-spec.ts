import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { authConfigSchema, type RunningAuthService, startAuthService } from '@commlab/auth-service';
import { loadConfig } from '@commlab/config';
import { KAFKA_TOPICS, kafkaTopicLayout, RABBITMQ_QUEUES, RABBITMQ_RPC_PATTERNS } from '@commlab/contracts';
import { type KafkaLite, startKafkaLite } from '@commlab/kafka-lite';
import { freePort } from '@commlab/testing';
import { status } from '@grpc/grpc-js';
import { ClientKafka } from '@nestjs/microservices';
import amqp, { type ChannelModel } from 'amqplib';
import { firstValueFrom, timeout } from 'rxjs';

import type { RunningInventoryService } from '../src';
import { inventoryGrpcClient, inventoryHttpClient } from './inventory-clients';
import { pgliteInMemory } from './support/store-backends';
import { startTestInventory } from './support/start-test-inventory';
import { useThrowawayRabbitMq } from './support/throwaway-rabbitmq';

const rabbitmqUrl = useThrowawayRabbitMq('inventory-access');

jest.setTimeout(60_000);

const SKU = 'guarded-mug';
const REQUEST_TOPIC = KAFKA_TOPICS.inventoryReserveStock;
const REPLY_TOPIC = KAFKA_TOPICS.inventoryReserveStockReply;

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/**
 * ReserveStock and ReleaseStock are for services only, on every transport: a real auth-service issues
 * the tokens (login for a user, client credentials for services), inventory verifies them against its
 * JWKS. No token, a user's token, a service token without stock:reserve → refused (401/403,
 * UNAUTHENTICATED/PERMISSION_DENIED, an error reply on RabbitMQ and Kafka) and the stock is unchanged.
 */
describe('inventory reservations need a service token with stock:reserve', () => {
  let kafka: KafkaLite;
  let auth: RunningAuthService;
  let inventory: RunningInventoryService;
  let grpc: ReturnType<typeof inventoryGrpcClient>;
  let http: ReturnType<typeof inventoryHttpClient>;
  let amqpConnection: ChannelModel;
  let kafkaClient: ClientKafka;
  const tokens: Record<'user' | 'wrongScope' | 'service', string> = { user: '', wrongScope: '', service: '' };
  const closers: (() => Promise<unknown>)[] = [];

  async function clientToken(id: string, secret: string, scope: string): Promise<string> {
    const response = await fetch(`${auth.httpUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(id, secret) },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope }),
    });
    if (response.status !== 200) throw new Error(`client credentials for ${id}: HTTP ${response.status}`);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  beforeAll(async () => {
    kafka = await startKafkaLite({
      port: 0,
      logLevel: 'silent',
      topics: kafkaTopicLayout(),
      groupInitialRebalanceDelayMs: 0,
    });
    closers.push(() => kafka.close());
    auth = await startAuthService(
      loadConfig(authConfigSchema, {
        COMMLAB_ENV: 'test',
        LOG_LEVEL: 'silent',
        AUTH_HTTP_PORT: '0',
        AUTH_GRPC_PORT: String(await freePort()),
        SEED_DEMO_DATA: 'true',
      }),
      { inMemoryStore: true, scryptParams: { N: 2 ** 14, r: 8, p: 1 } },
    );
    closers.push(() => auth.close());
    inventory = await startTestInventory({
      store: await pgliteInMemory.setup(),
      kafkaBrokers: kafka.bootstrap,
      rabbitmqUrl: rabbitmqUrl(),
      authUrl: auth.httpUrl,
      seedItems: [{ sku: SKU, unitPriceCents: 1000, currency: 'USD', initialStock: 100 }],
    });
    closers.push(() => inventory.close());
    const login = await fetch(`${auth.httpUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'alice@example.com', password: 'alice-password' }),
    });
    tokens.user = ((await login.json()) as { accessToken: string }).accessToken;
    // The DEV-ONLY clients of test (@commlab/access-tokens DEV_SERVICE_CLIENTS).
    tokens.wrongScope = await clientToken('commlab-bench', 'dev-only-commlab-bench-secret', 'stock:adjust');
    tokens.service = await clientToken('order-service', 'dev-only-order-service-secret', 'stock:reserve');

    grpc = inventoryGrpcClient(inventory.grpcUrl);
    http = inventoryHttpClient(inventory.httpUrl);
    closers.push(() => {
      grpc.close();
      return Promise.resolve();
    });
    amqpConnection = await amqp.connect(rabbitmqUrl());
    closers.push(() => amqpConnection.close());
    kafkaClient = new ClientKafka({
      postfixId: '',
      client: {
        clientId: `access-test-${randomUUID()}`,
        brokers: [kafka.bootstrap],
        logCreator: () => () => undefined,
      },
      consumer: {
        groupId: `access-test-replies-${randomUUID()}`,
        heartbeatInterval: 500,
        sessionTimeout: 6_000,
      },
      subscribe: { fromBeginning: true },
      producer: { allowAutoTopicCreation: false },
    });
    kafkaClient.subscribeToResponseOf(REQUEST_TOPIC);
    closers.push(() => kafkaClient.close());
    await kafkaClient.connect();
    const deadline = Date.now() + 20_000;
    while (kafkaClient.getConsumerAssignments()[REPLY_TOPIC] === undefined) {
      if (Date.now() > deadline)
        throw new Error(`no partition of ${REPLY_TOPIC} for the test's Kafka client`);
      await sleep(50);
    }
  });

  afterAll(async () => {
    // What started, last first (a failed beforeAll leaves the rest unstarted).
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await pgliteInMemory.teardown();
  });

  const available = async () => (await http.get(`/stock/${SKU}`)).body.available;
  const request = (reservationId: string) => ({
    reservationId,
    orderId: reservationId,
    items: [{ sku: SKU, quantity: 1 }],
  });

  /** How each refused caller authenticates (null: no header at all). */
  const callers = [
    ['no token', () => null, 'MISSING_TOKEN', 401, status.UNAUTHENTICATED],
    ['a malformed token', () => 'Bearer not.a.token', 'TOKEN_INVALID', 401, status.UNAUTHENTICATED],
    [
      "a user's token",
      () => `Bearer ${tokens.user}`,
      'SERVICE_TOKEN_REQUIRED',
      403,
      status.PERMISSION_DENIED,
    ],
    [
      'a service token without stock:reserve',
      () => `Bearer ${tokens.wrongScope}`,
      'INSUFFICIENT_SCOPE',
      403,
      status.PERMISSION_DENIED,
    ],
  ] as const;

  async function rmqReserve(
    body: unknown,
    authorization: string | null,
  ): Promise<{ response?: unknown; err?: unknown }> {
    const channel = await amqpConnection.createChannel();
    try {
      const correlationId = randomUUID();
      const reply = new Promise<{ response?: unknown; err?: unknown }>((resolve) => {
        void channel.consume(
          'amq.rabbitmq.reply-to',
          (message) => {
            if (message?.properties.correlationId === correlationId) {
              resolve(JSON.parse(message.content.toString('utf8')) as { response?: unknown; err?: unknown });
            }
          },
          { noAck: true },
        );
      });
      await sleep(50);
      channel.sendToQueue(
        RABBITMQ_QUEUES.inventoryRpc,
        Buffer.from(
          JSON.stringify({ pattern: RABBITMQ_RPC_PATTERNS.reserveStock, data: body, id: correlationId }),
        ),
        {
          replyTo: 'amq.rabbitmq.reply-to',
          correlationId,
          ...(authorization === null ? {} : { headers: { authorization } }),
        },
      );
      return await reply;
    } finally {
      await channel.close();
    }
  }

  async function kafkaReserve(body: { reservationId: string }, authorization: string | null) {
    try {
      const response = await firstValueFrom(
        kafkaClient
          .send<unknown>(REQUEST_TOPIC, {
            key: body.reservationId,
            value: body,
            headers: authorization === null ? {} : { authorization },
          })
          .pipe(timeout({ first: 15_000 })),
      );
      return { response };
    } catch (err) {
      return { err };
    }
  }

  describe.each(callers)('%s', (_caller, authorization, code, httpStatus, grpcStatus) => {
    it('is refused by REST POST /reservations and DELETE /reservations/{id}; the stock is unchanged', async () => {
      const held = request(`held-${randomUUID()}`);
      expect((await http.post('/reservations', held, `Bearer ${tokens.service}`)).status).toBe(201);
      const before = await available();

      const reserve = await http.post('/reservations', request(`r-${randomUUID()}`), authorization());
      expect([reserve.status, reserve.body.code]).toEqual([httpStatus, code]);
      const release = await http.delete(`/reservations/${held.reservationId}`, authorization());
      expect([release.status, release.body.code]).toEqual([httpStatus, code]);

      expect(await available()).toBe(before);
    });

    it('is refused by REST GET /reservations?status=active (the reconciliation reads it)', async () => {
      const header = authorization();
      const response = await fetch(`${inventory.httpUrl}/reservations?status=active`, {
        ...(header === null ? {} : { headers: { authorization: header } }),
      });
      const body = (await response.json()) as { code?: string };
      expect([response.status, body.code]).toEqual([httpStatus, code]);
    });

    it('is refused by gRPC ReserveStock and ReleaseStock; the stock is unchanged', async () => {
      const held = request(`held-${randomUUID()}`);
      expect((await grpc.reserveStock(held, `Bearer ${tokens.service}`)).ok).toBe(true);
      const before = await available();

      const reserve = await grpc.reserveStock(request(`g-${randomUUID()}`), authorization());
      expect(reserve).toMatchObject({ ok: false, code: grpcStatus, errorCode: code });
      const release = await grpc.releaseStock({ reservationId: held.reservationId }, authorization());
      expect(release).toMatchObject({ ok: false, code: grpcStatus, errorCode: code });

      expect(await available()).toBe(before);
    });

    it('is refused on the RabbitMQ RPC queue with an error reply; the request is acked, nothing reserved', async () => {
      const before = await available();
      const refused = await rmqReserve(request(`q-${randomUUID()}`), authorization());
      expect(refused.err).toMatchObject({ code });
      expect(refused.response).toBeUndefined();
      expect(await available()).toBe(before);
      const channel = await amqpConnection.createChannel();
      try {
        expect((await channel.checkQueue(RABBITMQ_QUEUES.inventoryRpc)).messageCount).toBe(0);
      } finally {
        await channel.close();
      }
    });

    it('is refused on Kafka request-reply with an error reply; nothing reserved', async () => {
      const before = await available();
      const refused = await kafkaReserve(request(`k-${randomUUID()}`), authorization());
      expect(refused.err).toMatchObject({ code });
      expect(await available()).toBe(before);
    });
  });

  it('the control: a service token with stock:reserve reserves and releases on every transport', async () => {
    const before = Number(await available());
    const bearer = `Bearer ${tokens.service}`;
    const rest = request(`ok-rest-${randomUUID()}`);
    expect((await http.post('/reservations', rest, bearer)).status).toBe(201);
    expect((await grpc.reserveStock(request(`ok-grpc-${randomUUID()}`), bearer)).ok).toBe(true);
    const viaRmq = await rmqReserve(request(`ok-rmq-${randomUUID()}`), bearer);
    expect(viaRmq).toMatchObject({ response: { totalCents: 1000 } });
    expect((await kafkaReserve(request(`ok-kafka-${randomUUID()}`), bearer)).response).toMatchObject({
      totalCents: 1000,
    });
    expect(await available()).toBe(before - 4);
    expect((await http.delete(`/reservations/${rest.reservationId}`, bearer)).body).toMatchObject({
      released: true,
    });
    expect(await available()).toBe(before - 3);
  });

  it('the control: GET /reservations?status=active lists the active reservations, oldest first, page by page', async () => {
    const bearer = `Bearer ${tokens.service}`;
    const held = [request(`list-a-${randomUUID()}`), request(`list-b-${randomUUID()}`)];
    for (const reservation of held)
      expect((await http.post('/reservations', reservation, bearer)).status).toBe(201);
    const released = request(`list-released-${randomUUID()}`);
    expect((await http.post('/reservations', released, bearer)).status).toBe(201);
    expect((await http.delete(`/reservations/${released.reservationId}`, bearer)).status).toBe(200);

    const listed: { reservationId: string; orderId: string; lines: unknown[] }[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ status: 'active', limit: '2' });
      if (cursor !== null) query.set('cursor', cursor);
      const response = await fetch(`${inventory.httpUrl}/reservations?${query.toString()}`, {
        headers: { authorization: bearer },
      });
      expect(response.status).toBe(200);
      const page = (await response.json()) as { reservations: typeof listed; nextCursor: string | null };
      expect(page.reservations.length).toBeLessThanOrEqual(2);
      listed.push(...page.reservations);
      cursor = page.nextCursor;
    } while (cursor !== null);
    const ids = listed.map((reservation) => reservation.reservationId);
    expect(new Set(ids).size).toBe(ids.length);
    // Oldest first: the two held here come in the order they were made; the released one is not listed.
    const mine = ids.filter((id) => id.startsWith('list-'));
    expect(mine).toEqual(held.map((reservation) => reservation.reservationId));
    expect(listed.find((reservation) => reservation.reservationId === held[0]?.reservationId)).toEqual({
      reservationId: held[0]?.reservationId,
      orderId: held[0]?.orderId,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/) as unknown,
      lines: [{ sku: SKU, quantity: 1 }],
    });
  });
});
